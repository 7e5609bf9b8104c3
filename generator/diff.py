"""Breaking-change report: every difference between two specs' events and payload schemas, breaking or compatible.

Payloads are compared structurally on the bundled JSON Schemas (`$ref` followed, `allOf` merged, properties walked
recursively with a cycle guard). A change inside a shared schema is reported once for each event whose payload uses
it, at that event's path (`/client/name`; `[]` stands for array items). Message headers are compared the same way,
at paths starting `headers:`; a message without headers counts as one with no header fields.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .build import Loaded, load
from .diff_phrases import PHRASES
from .errors import SpecError, SpecInvalid

Schema = dict[str, Any]
BREAKING = frozenset(
    {
        "event-removed",
        "field-removed",
        "type-changed",
        "required-added",
        "required-field-added",
        "enum-value-removed",
        "constraint-tightened",
    }
)
LOWER = ("minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties")  # raising one tightens
UPPER = ("maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties")  # lowering one tightens
EXACT = ("pattern", "multipleOf", "const")  # adding or changing one tightens, removing it loosens
TEXT = ("title", "description", "examples")
EVENT_TEXT = ("title", "summary", "description", "notes", "examples")


@dataclass(frozen=True)
class Change:
    """One difference: the event it concerns, where in its payload ("" for the event itself), its kind, and a
    sentence saying it (a phrase of `PHRASES` and the values that fill it in)."""

    event: str
    path: str
    kind: str
    phrase: str
    values: tuple[str, ...] = ()

    @property
    def breaking(self) -> bool:
        return self.kind in BREAKING

    @property
    def detail(self) -> str:
        return self.detail_in("en")

    def detail_in(self, lang: str) -> str:
        return PHRASES[lang][self.phrase].format(*self.values)

    def line(self) -> str:
        """The change as one line of the human report."""
        severity = "breaking" if self.breaking else "compatible"
        if self.kind in ("event-added", "event-removed"):
            return f"{severity}: {self.detail}"
        return f"{severity}: {self.event}: {self.detail}" + (f" (at {self.path})" if self.path else "")

    def as_json(self) -> dict[str, str]:
        return {"event": self.event, "path": self.path, "kind": self.kind, "detail": self.detail}


def diff(old: Loaded, new: Loaded) -> list[Change]:
    """Every change from `old` to `new`: events in old's order, then the added ones."""
    olds = {e.name: e for e in old.api.events}
    news = {e.name: e for e in new.api.events}
    changes: list[Change] = []
    for name, event in olds.items():
        if name not in news:
            changes.append(Change(name, "", "event-removed", "event-removed", (name,)))
            continue
        other = news[name]
        for attr in EVENT_TEXT:
            if getattr(event, attr) != getattr(other, attr):
                changes.append(Change(name, "", "text", "text-changed", (attr,)))
        walk = _Walk(old.bundle.defs, new.bundle.defs, name)
        walk.schema({"$ref": f"#/$defs/{event.model}"}, {"$ref": f"#/$defs/{other.model}"}, "")
        if event.headers_model or other.headers_model:
            walk.schema(_headers(event.headers_model), _headers(other.headers_model), "headers:")
        changes.extend(walk.changes)
    changes.extend(Change(n, "", "event-added", "event-added", (n,)) for n in news if n not in olds)
    return changes


def run(old_path: Path, new_path: Path, *, as_json: bool) -> int:
    """The `diff` command: print the report; 1 when anything is breaking, 0 otherwise (SpecInvalid for a bad spec)."""
    loaded: list[Loaded] = []
    errors: list[SpecError] = []
    for path in (old_path, new_path):
        try:
            loaded.append(load(path))
        except SpecInvalid as exc:
            errors.extend(exc.errors)
    if errors:
        raise SpecInvalid(errors)
    changes = diff(*loaded)
    breaking = [c for c in changes if c.breaking]
    compatible = [c for c in changes if not c.breaking]
    if as_json:
        report = {"breaking": [c.as_json() for c in breaking], "compatible": [c.as_json() for c in compatible]}
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        for change in breaking + compatible:
            print(change.line())
        print(f"{len(breaking)} breaking, {len(compatible)} compatible")
    sys.stdout.flush()
    return 1 if breaking else 0


class _Walk:
    """Compares two payload schemas of one event, collecting changes."""

    def __init__(self, old_defs: dict[str, Any], new_defs: dict[str, Any], event: str) -> None:
        self.defs = (old_defs, new_defs)
        self.event = event
        self.changes: list[Change] = []
        self.stack: set[tuple[str, str]] = set()  # (old def, new def) pairs being compared: the cycle guard

    def add(self, path: str, kind: str, phrase: str, *values: object) -> None:
        self.changes.append(Change(self.event, path or "/", kind, phrase, tuple(map(str, values))))

    def schema(self, old: Any, new: Any, path: str) -> None:
        """Compare two schemas found at `path`."""
        pair = (_ref(old), _ref(new))
        if pair[0] and pair[1]:
            if pair in self.stack:
                return
            self.stack.add(pair)
        o, n = _flatten(old, self.defs[0]), _flatten(new, self.defs[1])
        for key in ("oneOf", "anyOf"):  # X -> anyOf [X, Y]: the old type is one alternative now
            alternatives = n.get(key) or []
            if not o.get(key) and any(_meaning(o) == _meaning(_flatten(a, self.defs[1])) for a in alternatives):
                self.add(path, "type-widened", "now-one-of", key, len(alternatives))
                o, n = {**o, key: []}, {k: v for k, v in o.items() if k not in TEXT} | _texts(n) | {key: []}
        self._type(o, n, path)
        self._constraints(o, n, path)
        self._enum(o, n, path)
        for key in TEXT + tuple(sorted({k for k in (*o, *n) if k.startswith("x-ru-")})):
            if o.get(key) != n.get(key):
                self.add(path, "text", "text-changed", key)
        self._properties(o, n, path)
        for key, step in (("items", "[]"), ("additionalProperties", "*")):
            if isinstance(o.get(key, {}), dict) and isinstance(n.get(key, {}), dict) and (key in o or key in n):
                self.schema(o.get(key, {}), n.get(key, {}), f"{path}/{step}")
        for key in ("oneOf", "anyOf"):
            a, b = o.get(key) or [], n.get(key) or []
            for i in range(max(len(a), len(b))):
                if i < len(a) and i < len(b):
                    self.schema(a[i], b[i], f"{path}/{key}/{i}")
                elif i < len(a):
                    self.add(path, "type-changed" if b else "constraint-loosened", "alternative-removed", key, i)
                else:
                    self.add(path, "type-widened" if a else "constraint-tightened", "alternative-added", key, i)
        self.stack.discard(pair)

    def _type(self, o: Schema, n: Schema, path: str) -> None:
        a, b = _types(o), _types(n)
        if a != b:
            kind = "type-widened" if _covers(b, a) else "type-changed"
            verb = "narrowed" if _covers(a, b) else "widened" if kind == "type-widened" else "changed"
            self.add(path, kind, f"type-{verb}", _show(o.get("type")), _show(n.get("type")))
        if o.get("format") != n.get("format"):
            kind = "type-widened" if n.get("format") is None else "type-changed"
            self.add(path, kind, "format-changed", _show(o.get("format")), _show(n.get("format")))

    def _constraints(self, o: Schema, n: Schema, path: str) -> None:
        for key in LOWER + UPPER + EXACT + ("uniqueItems", "additionalProperties"):
            a, b = o.get(key), n.get(key)
            if a == b or (key == "additionalProperties" and (a is False) == (b is False)):
                continue
            if key in LOWER + UPPER:
                tighter = b is not None and (a is None or (b > a if key in LOWER else b < a))
            elif key in EXACT:
                tighter = b is not None
            elif key == "uniqueItems":
                tighter = bool(b) and not a
            else:
                tighter = b is False
            kind = "constraint-tightened" if tighter else "constraint-loosened"
            self.add(path, kind, "keyword-changed", key, _show(a), _show(b))

    def _enum(self, o: Schema, n: Schema, path: str) -> None:
        a, b = o.get("enum"), n.get("enum")
        if a == b:
            return
        if a is None or b is None:
            kind = "constraint-loosened" if b is None else "constraint-tightened"
            self.add(path, kind, "keyword-changed", "enum", _show(a), _show(b))
            return
        for value in a:
            if value not in b:
                self.add(path, "enum-value-removed", "enum-value-removed", _show(value))
        for value in b:
            if value not in a:
                self.add(path, "enum-value-added", "enum-value-added", _show(value))

    def _properties(self, o: Schema, n: Schema, path: str) -> None:
        a, b = o.get("properties") or {}, n.get("properties") or {}
        a_req, b_req = set(o.get("required") or []), set(n.get("required") or [])
        for name, schema in a.items():
            at = f"{path}/{name}"
            if name not in b:
                self.add(at, "field-removed", "field-removed", name)
                continue
            if name in a_req and name not in b_req:
                self.add(at, "required-removed", "field-now-optional", name)
            elif name in b_req and name not in a_req:
                self.add(at, "required-added", "field-now-required", name)
            self.schema(schema, b[name], at)
        for name in b:
            if name not in a:
                required = name in b_req
                kind, phrase = ("required-field-added",) * 2 if required else ("field-added", "optional-field-added")
                self.add(f"{path}/{name}", kind, phrase, name)


def _headers(model: str) -> Schema:
    """The headers schema of a message, or an object without fields when it has none."""
    return {"$ref": f"#/$defs/{model}"} if model else {"type": "object"}


def _meaning(schema: Schema) -> Schema:
    """What a schema accepts: it without its texts."""
    return {k: v for k, v in schema.items() if k not in TEXT and not k.startswith("x-")}


def _texts(schema: Schema) -> Schema:
    return {k: v for k, v in schema.items() if k in TEXT or k.startswith("x-")}


def _ref(schema: Any) -> str:
    """The def name a `{"$ref": "#/$defs/X"}` schema points at, or ""."""
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    return ref.rsplit("/", 1)[-1] if isinstance(ref, str) and ref.startswith("#/$defs/") else ""


def _flatten(schema: Any, defs: dict[str, Any], depth: int = 0) -> Schema:
    """The schema with `$ref` followed and `allOf` parts merged in (own keywords and earlier parts win)."""
    if not isinstance(schema, dict) or depth > 32:
        return {"not": {}} if schema is False else {}
    merged = {k: v for k, v in schema.items() if k not in ("$ref", "allOf")}
    parts = ([defs.get(_ref(schema), {})] if "$ref" in schema else []) + list(schema.get("allOf") or [])
    for part in parts:
        for key, value in _flatten(part, defs, depth + 1).items():
            if key == "properties":
                merged["properties"] = {**value, **merged.get("properties", {})}
            elif key == "required":
                merged["required"] = list(dict.fromkeys([*merged.get("required", []), *value]))
            else:
                merged.setdefault(key, value)
    return merged


def _types(schema: Schema) -> set[str] | None:
    """The set of JSON types a schema allows, None for any."""
    value = schema.get("type")
    if value is None:
        return None
    return {str(t) for t in value} if isinstance(value, list) else {str(value)}


def _covers(wide: set[str] | None, narrow: set[str] | None) -> bool:
    """Whether every value of type `narrow` is also of type `wide` (integer is a number)."""
    if wide is None:
        return True
    return narrow is not None and all(t in wide or (t == "integer" and "number" in wide) for t in narrow)


def _show(value: Any) -> str:
    return "none" if value is None else json.dumps(value, ensure_ascii=False)
