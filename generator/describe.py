"""Human descriptions of schema types and constraints, for the reference docs."""

from __future__ import annotations

import json
from typing import Any

from .ir import EnumValue, Field, Text
from .schemas import Bundle, unwrap
from .source import Node

_CONSTRAINTS = (
    ("minimum", "≥ {}"),
    ("exclusiveMinimum", "> {}"),
    ("maximum", "≤ {}"),
    ("exclusiveMaximum", "< {}"),
    ("multipleOf", "multiple of {}"),
    ("minLength", "length ≥ {}"),
    ("maxLength", "length ≤ {}"),
    ("pattern", "pattern `{}`"),
    ("minItems", "items ≥ {}"),
    ("maxItems", "items ≤ {}"),
    ("minProperties", "keys ≥ {}"),
    ("maxProperties", "keys ≤ {}"),
)


def text_of(value: dict[str, Any], key: str) -> Text:
    """`description` + `x-ru-description` (or any other key) as a Text."""
    en, ru = value.get(key), value.get(f"x-ru-{key}")
    return Text(en if isinstance(en, str) else "", ru if isinstance(ru, str) else "")


def notes_of(value: dict[str, Any]) -> tuple[Text, ...]:
    notes = value.get("x-seed-notes")
    if not isinstance(notes, list):
        return ()
    return tuple(Text(str(n.get("en", "")), str(n.get("ru", ""))) for n in notes if isinstance(n, dict))


class Describer:
    """Turns schema nodes into type labels, constraints and enum meanings."""

    def __init__(self, bundle: Bundle) -> None:
        self.bundle = bundle
        self.spec = bundle.spec

    def target(self, node: Node) -> Node:
        return unwrap(self.spec.deref(node))

    def label(self, node: Node) -> str:
        value = node.value
        if not isinstance(value, dict):
            return "any"
        if "$ref" in value:
            target = self.target(node)
            return self.bundle.name_of(target) or self.label(target)
        kind = value.get("type")
        if isinstance(kind, list):
            return " or ".join(self._one_type(node, str(k)) for k in kind)
        if isinstance(kind, str):
            return self._one_type(node, kind)
        for key, word in (("allOf", "all of"), ("oneOf", "one of"), ("anyOf", "any of")):
            branches = node.get(key)
            if branches is not None and isinstance(branches.value, list):
                return f"{word} " + ", ".join(self.label(b) for b in branches.elements())
        if "const" in value:
            return f"constant {json.dumps(value['const'], ensure_ascii=False)}"
        if "properties" in value:
            return "object"
        return "any"

    def _one_type(self, node: Node, kind: str) -> str:
        value = node.value
        if kind == "array":
            items = node.get("items")
            return f"array of {self.label(items)}" if items is not None and isinstance(items.value, dict) else "array"
        if kind == "object":
            extra = node.get("additionalProperties")
            if extra is not None and isinstance(extra.value, dict) and "properties" not in value:
                return f"map of {self.label(extra)}"
            return "object"
        fmt = value.get("format")
        return f"{kind} ({fmt})" if isinstance(fmt, str) else kind

    def constraints(self, node: Node) -> tuple[str, ...]:
        value = node.value
        if not isinstance(value, dict):
            return ()
        found = [template.format(value[key]) for key, template in _CONSTRAINTS if key in value]
        if "const" in value:
            found.append(f"= {json.dumps(value['const'], ensure_ascii=False)}")
        if "default" in value:
            found.append(f"default {json.dumps(value['default'], ensure_ascii=False)}")
        if value.get("additionalProperties") is False:
            found.append("no other keys")
        if value.get("uniqueItems") is True:
            found.append("unique items")
        if "$ref" in value:
            inherited = self.constraints(self.target(node))
            found = list(inherited) + [c for c in found if c not in inherited]
        return tuple(found)

    def enum(self, node: Node) -> tuple[EnumValue, ...]:
        value = node.value
        if not isinstance(value, dict):
            return ()
        if "$ref" in value and "enum" not in value:
            return self.enum(self.target(node))
        values = value.get("enum")
        if not isinstance(values, list):
            return ()
        names = value.get("x-enum-varnames") or []
        en = value.get("x-enum-descriptions") or []
        ru = value.get("x-ru-enum-descriptions") or []

        def at(items: list[Any], i: int) -> str:
            return str(items[i]) if isinstance(items, list) and i < len(items) else ""

        return tuple(
            EnumValue(json.dumps(v, ensure_ascii=False), at(names, i), Text(at(en, i), at(ru, i)))
            for i, v in enumerate(values)
        )

    def description(self, node: Node) -> Text:
        """The node's own description, else the description of what it refers to."""
        value = node.value if isinstance(node.value, dict) else {}
        own = text_of(value, "description")
        if own or "$ref" not in value:
            return own
        return self.description(self.target(node))

    def fields(self, schema: Node) -> tuple[Field, ...]:
        """Every property of an object schema, through `$ref` and `allOf` (`oneOf`/`anyOf` ones never required)."""
        props: dict[str, tuple[Node, str]] = {}
        required: set[str] = set()
        self._collect(schema, "", props, required, optional=False)
        return tuple(self._field(name, node, origin, name in required) for name, (node, origin) in props.items())

    def _collect(
        self, node: Node, origin: str, props: dict[str, tuple[Node, str]], required: set[str], optional: bool
    ) -> None:
        node = unwrap(node)
        value = node.value
        if not isinstance(value, dict):
            return
        if "$ref" in value:
            target = self.target(node)
            self._collect(target, origin or self.bundle.name_of(target) or "", props, required, optional)
            return
        properties = node.get("properties")
        for key, child in properties.items() if properties else []:
            props.setdefault(key, (child, origin))
        if not optional and isinstance(value.get("required"), list):
            required.update(str(r) for r in value["required"])
        for key in ("allOf", "oneOf", "anyOf"):
            parts = node.get(key)
            for part in parts.elements() if parts else []:
                self._collect(part, origin, props, required, optional or key != "allOf")

    def _field(self, name: str, node: Node, origin: str, required: bool) -> Field:
        value = node.value if isinstance(node.value, dict) else {}
        label = self.label(node)
        schema_name = ""
        if "$ref" in value:
            schema_name = self.bundle.name_of(self.target(node)) or ""
        return Field(
            name=name,
            type_label=label,
            schema_name=schema_name,
            required=required,
            constraints=self.constraints(node),
            enum=self.enum(node),
            description=self.description(node),
            notes=notes_of(value),
            inherited_from=origin,
            deprecated=bool(value.get("deprecated", False)),
            aliases=tuple(str(a) for a in value.get("x-aliases") or () if isinstance(a, str)),
        )
