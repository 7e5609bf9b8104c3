"""Spec extensions for what PHP senders do to values, made into what the model generator and the runtime use.

- `x-means-none: true` on a schema with a `const` (SalesMan's `0` for "no deal", "no payer"): as a branch of a
  property's `anyOf`/`oneOf`, it means the field is absent. The model says `X | None`, and the field carries
  `none-values` for the runtime (`PayloadModel`), which drops such a value before validation.
- `x-aliases: [key, …]` on a property: other keys the field may arrive under; the field carries `aliases`.

The schema bundle itself, which the examples are checked against, keeps the spec's wording: `0` stays valid there.
"""

from __future__ import annotations

from typing import Any

__all__ = ["RUNTIME_KEYS", "model_input"]

# The extensions datamodel-code-generator copies onto fields, without their `x-`, for the runtime to read.
RUNTIME_KEYS = ("x-none-values", "x-aliases")


def model_input(document: dict[str, Any]) -> dict[str, Any]:
    """The bundle (`{"$defs": …}`) as the model generator takes it: none-branches as `null`, their values noted."""
    defs: dict[str, Any] = document["$defs"]
    converted: dict[str, Any] = {}
    shared: dict[str, list[Any]] = {}  # a shared "X or none" type -> its none values, for properties naming it
    for name, schema in defs.items():
        converted[name], nones = _convert(schema, defs)
        if nones:
            shared[name] = nones
    _mark_references(converted, shared)
    return {**document, "$defs": converted}


def _convert(node: Any, defs: dict[str, Any]) -> tuple[Any, list[Any]]:
    """The node with its none-branches made `null`, and the none values of its own `anyOf`/`oneOf`; a nested
    schema (a property, an item) keeps its own as `x-none-values`."""
    if isinstance(node, list):
        return [_nested(item, defs) for item in node], []
    if not isinstance(node, dict):
        return node, []
    result = {key: _nested(value, defs) for key, value in node.items()}
    nones: list[Any] = []
    for key in ("anyOf", "oneOf"):
        branches = result.get(key)
        if isinstance(branches, list):
            found = [_none_value(branch, defs) for branch in branches]
            if any(found):
                result[key] = [b for b, f in zip(branches, found, strict=True) if not f] + [{"type": "null"}]
                nones += [f[0] for f in found if f]
    return result, nones


def _nested(node: Any, defs: dict[str, Any]) -> Any:
    converted, nones = _convert(node, defs)
    if nones:
        converted["x-none-values"] = nones
    return converted


def _none_value(branch: Any, defs: dict[str, Any]) -> tuple[Any, ...]:
    """(the value,) when the branch, through `$ref`s, is a schema that means none; () otherwise."""
    seen: set[str] = set()
    while isinstance(branch, dict) and isinstance(ref := branch.get("$ref"), str) and ref not in seen:
        seen.add(ref)
        branch = defs.get(ref.removeprefix("#/$defs/"))
    if isinstance(branch, dict) and branch.get("x-means-none") is True and "const" in branch:
        return (branch["const"],)
    return ()


def _mark_references(node: Any, shared: dict[str, list[Any]]) -> None:
    """Give every `$ref` to a shared "X or none" type the none values of that type."""
    if isinstance(node, list):
        for item in node:
            _mark_references(item, shared)
    elif isinstance(node, dict):
        target = str(node.get("$ref", "")).removeprefix("#/$defs/")
        if target in shared:
            node.setdefault("x-none-values", shared[target])
        for value in node.values():
            _mark_references(value, shared)
