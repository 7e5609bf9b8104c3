"""The Avro types of one schema as JSON Schema, each problem at its own place.

Records become objects (a field without a default is required), enums string enums, arrays arrays, maps objects
with `additionalProperties`, `["null", X]` a nullable X and other unions `anyOf`; logical types become formats.
A named type (record, enum, fixed) is one def that every use refers to, so recursion works; its place is a digest
of its definition, so the same definition repeated in several schemas is one def too. Values are plain JSON: a
union's value is not wrapped in `{"type": value}`.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from .errors import SpecError, closest, did_you_mean
from .source import Node

PRIMITIVES: dict[str, dict[str, Any]] = {
    "null": {"type": "null"},
    "boolean": {"type": "boolean"},
    "int": {"type": "integer", "format": "int32"},
    "long": {"type": "integer", "format": "int64"},
    "float": {"type": "number", "format": "float"},
    "double": {"type": "number", "format": "double"},
    "bytes": {"type": "string"},
    "string": {"type": "string"},
}
NAMED = ("record", "error", "enum", "fixed")
COMPLEX = (*NAMED, "array", "map")
_UNITS = ("millis", "micros", "nanos")
# logicalType -> (the Avro types it annotates, its JSON Schema); on any other type it is ignored, as Avro says.
LOGICAL: dict[str, tuple[tuple[str, ...], dict[str, Any]]] = {
    "decimal": (("bytes", "fixed"), {"type": "string", "format": "decimal"}),
    "big-decimal": (("bytes",), {"type": "string", "format": "decimal"}),
    "uuid": (("string", "fixed"), {"type": "string", "format": "uuid"}),
    "date": (("int",), {"type": "string", "format": "date"}),
    "time-millis": (("int",), {"type": "string", "format": "time"}),
    "time-micros": (("long",), {"type": "string", "format": "time"}),
    **{f"timestamp-{unit}": (("long",), {"type": "string", "format": "date-time"}) for unit in _UNITS},
    **{f"local-timestamp-{unit}": (("long",), {"type": "string", "format": "date-time-local"}) for unit in _UNITS},
}
_TEXT_FORMATS = {schema["format"] for _, schema in LOGICAL.values()}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass
class _Named:
    node: Node  # where the type is defined
    namespace: str  # the namespace of its full name, which names inside it are relative to
    ref: str = ""  # "#/$avro/<digest of its definition>/<name>", or the payload's own place for the outermost type


@dataclass
class Converter:
    """Converts one Avro schema: `collect`, then `name_defs`, then `convert`; problems gather in `errors`."""

    named: dict[str, _Named] = field(default_factory=dict)  # full name -> the named type
    sites: dict[tuple[str, str], str] = field(default_factory=dict)  # where a type is defined -> its full name
    defs: dict[str, dict[str, Any]] = field(default_factory=dict)  # digest -> {name: JSON Schema}
    errors: list[SpecError] = field(default_factory=list)

    def collect(self, node: Node, namespace: str) -> None:
        """Register every named type below `node` (a first pass: a type may be used before its definition)."""
        kind = node.get("type") if isinstance(node.value, dict) else None
        if isinstance(node.value, list) or (kind is not None and isinstance(kind.value, (dict, list))):
            for part in node.elements() if kind is None else [kind]:
                self.collect(part, namespace)
            return
        if kind is None:
            return
        if kind.value in NAMED:
            namespace = self._define(node, namespace)
        parts = node.child("fields").elements() if isinstance(node.value.get("fields"), list) else []
        parts = [item.child("type") for item in parts if isinstance(item.value, dict) and "type" in item.value]
        for key in ("items", "values") if kind.value in ("array", "map") else ():
            parts += [node.child(key)] if key in node.value else []
        for part in parts:
            self.collect(part, namespace)

    def _define(self, node: Node, namespace: str) -> str:
        name, space = node.get("name"), node.value.get("namespace")
        if name is None or not isinstance(name.value, str) or not all(map(_NAME.match, name.value.split("."))):
            what = f"an invalid name {name.value!r}" if name is not None else "no 'name'"
            self._fail(name or node, f"Avro {node.value['type']} has {what} (letters, digits, '_' and dots)")
            return namespace
        full = name.value if "." in name.value else f"{space if isinstance(space, str) else namespace}.{name.value}"
        full = full.lstrip(".")
        if full in PRIMITIVES or full in self.named:
            first = self.named[full].node if full in self.named else None
            again = f"is defined twice (first at line {first.file.location(first.pointer).line})" if first else ""
            self._fail(name, f"Avro type name '{full}' {again or 'is the name of a primitive type'}")
            return namespace
        self.named[full] = _Named(node, full.rpartition(".")[0])
        self.sites[node.key] = full
        return full.rpartition(".")[0]

    def name_defs(self, top: Node, top_ref: str) -> None:
        """Give each named type its place: the same definition gets the same place in every schema."""
        for full, entry in self.named.items():
            text = json.dumps(self._canonical(entry.node, entry.namespace, set()), sort_keys=True)
            entry.ref = f"#/$avro/{hashlib.sha256(text.encode()).hexdigest()[:12]}/{full.rpartition('.')[2]}"
        if top.key in self.sites:
            self.named[self.sites[top.key]].ref = top_ref

    def _canonical(self, node: Node, namespace: str, inside: set[str]) -> Any:
        """The definition at `node` with every type it names written out (a type it is inside: by full name)."""
        value = node.value
        if isinstance(value, str):
            full = self._lookup(value, namespace)
            return value if full is None else self._canonical(self.named[full].node, namespace, inside)
        if isinstance(value, list):
            return [self._canonical(part, namespace, inside) for part in node.elements()]
        if not isinstance(value, dict):
            return value
        full = self.sites.get(node.key)
        if full is not None:
            if full in inside:
                return full
            inside, namespace = inside | {full}, self.named[full].namespace
        found = {
            k: self._canonical(c, namespace, inside) if k in ("type", "fields", "items", "values") else c.value
            for k, c in node.items()
        }
        return {**found, "name": full} if full else found

    def _lookup(self, name: str, namespace: str) -> str | None:
        """The full name a type name refers to, relative to `namespace` (then to the null namespace)."""
        return next((full for full in (f"{namespace}.{name}".lstrip("."), name) if full in self.named), None)

    def convert(self, node: Node, namespace: str, outermost: bool = False) -> Any:
        """The JSON Schema of the Avro schema at `node`; the definition of a named type goes to `defs`."""
        value = node.value
        if isinstance(value, str):
            return self._reference(node, namespace)
        if isinstance(value, list):
            return self._union(node, namespace)
        kind = node.get("type") if isinstance(value, dict) else None
        if kind is None:
            return self._fail(node, "an Avro schema is a type name, a union (a list) or a mapping with a 'type'")
        if isinstance(kind.value, (dict, list)):
            return self.convert(kind, namespace)
        full = self.sites.get(node.key)
        if full is not None:
            entry = self.named[full]
            *_, digest, name = entry.ref.split("/")
            if outermost:
                return self._body(node, entry.namespace)
            self.defs.setdefault(digest, {})[name] = self._body(node, entry.namespace)
            return {"$ref": entry.ref}
        if kind.value in PRIMITIVES:
            logical = LOGICAL.get(str(value.get("logicalType")))
            return dict(logical[1] if logical and kind.value in logical[0] else PRIMITIVES[kind.value])
        if kind.value in ("array", "map"):
            key, keyword = ("items", "items") if kind.value == "array" else ("values", "additionalProperties")
            if key not in value:
                return self._fail(node, f"Avro {kind.value} needs '{key}'")
            json_type = "array" if kind.value == "array" else "object"
            return {"type": json_type, keyword: self.convert(node.child(key), namespace)}
        return {} if kind.value in NAMED else self._reference(kind, namespace)  # a bad name is reported already

    def _body(self, node: Node, namespace: str) -> dict[str, Any]:
        value, kind = node.value, node.value["type"]
        doc = {"description": value["doc"]} if isinstance(value.get("doc"), str) and value["doc"] else {}
        if kind == "enum":
            symbols = node.get("symbols")
            if symbols is None or not isinstance(symbols.value, list) or not symbols.value:
                return self._fail(symbols or node, "Avro enum needs 'symbols', a non-empty list of names")
            for i, symbol in enumerate(symbols.elements()):
                if not isinstance(symbol.value, str) or not _NAME.match(symbol.value):
                    self._fail(symbol, f"Avro enum symbol {symbol.value!r} is not a name")
                elif symbol.value in symbols.value[:i]:
                    self._fail(symbol, f"Avro enum symbol '{symbol.value}' is listed twice")
            return {"type": "string", "enum": list(symbols.value), **doc}
        if kind == "fixed":
            if not isinstance(value.get("size"), int):
                return self._fail(node.get("size") or node, "Avro fixed needs 'size', a number of bytes")
            logical = LOGICAL.get(str(value.get("logicalType")))
            return {**(logical[1] if logical and "fixed" in logical[0] else {"type": "string"}), **doc}
        fields = node.get("fields")
        if fields is None or not isinstance(fields.value, list):
            near = closest("fields", [k for k in value if k != "fields"])
            near = f" — is '{near}' misspelt?" if near else ""
            problem = "has no 'fields'" if fields is None else "has 'fields' that is not a list"
            return self._fail(fields or node, f"Avro record '{value['name']}' {problem}{near}")
        properties: dict[str, Any] = {}
        required: list[str] = []
        for item in fields.elements():
            name = item.get("name") if isinstance(item.value, dict) else None
            if name is None or not isinstance(name.value, str) or not _NAME.match(name.value):
                self._fail(name or item, "an Avro field needs a 'name' of letters, digits and '_'")
            elif name.value in properties:
                self._fail(name, f"Avro field '{name.value}' is defined twice")
            elif "type" not in item.value:
                self._fail(item, f"Avro field '{name.value}' has no 'type'")
            else:
                properties[name.value] = schema = dict(self.convert(item.child("type"), namespace))
                if isinstance(item.value.get("doc"), str):
                    schema["description"] = item.value["doc"]
                if "default" not in item.value:
                    required.append(name.value)
                elif self._fits(schema, item.value["default"]):  # else the field is only optional
                    schema["default"] = item.value["default"]
                if isinstance(item.value.get("aliases"), list) and item.value["aliases"]:
                    schema["x-aliases"] = [str(alias) for alias in item.value["aliases"]]
        return {"type": "object", **doc, "properties": properties, **({"required": required} if required else {})}

    def _fits(self, schema: dict[str, Any], default: Any) -> bool:
        """Whether the model takes an Avro default as written: not a record (a mapping) nor the number or bytes that
        stand for a date or a decimal; a symbol of an enum, or a list or map of what fits, is fine."""
        if default is None or "$ref" in schema:
            enums = {entry.ref for entry in self.named.values() if entry.node.value["type"] == "enum"}
            return default is None or schema["$ref"] in enums
        if isinstance(default, (list, dict)):
            part = schema.get("items" if isinstance(default, list) else "additionalProperties")
            values = default if isinstance(default, list) else list(default.values())
            return isinstance(part, dict) and all(self._fits(part, value) for value in values)
        return (
            any(self._fits(s, default) for s in schema["anyOf"])
            if "anyOf" in schema
            else (schema.get("format") not in _TEXT_FORMATS)
        )

    def _reference(self, node: Node, namespace: str) -> Any:
        name = str(node.value)
        if name in PRIMITIVES:
            return dict(PRIMITIVES[name])
        if name in COMPLEX:
            return self._fail(node, f"Avro type '{name}' needs a mapping of its own: {{type: {name}, …}}")
        full = self._lookup(name, namespace)
        if full is not None:
            return {"$ref": self.named[full].ref}
        known = [*PRIMITIVES, *COMPLEX, *self.named, *(n.rpartition(".")[2] for n in self.named)]
        return self._fail(node, f"unknown Avro type '{name}'{did_you_mean(name, known)}")

    def _union(self, node: Node, namespace: str) -> Any:
        branches = node.elements()
        seen: set[str] = set()
        for branch in branches:
            identity = self._identity(branch, namespace)
            if identity == "union":
                self._fail(branch, "an Avro union may not contain a union directly")
            elif identity in seen:
                self._fail(branch, f"an Avro union may not contain two '{identity}' types")
            seen.add(identity)
        schemas = [self.convert(branch, namespace) for branch in branches]
        others = [schema for schema in schemas if schema != {"type": "null"}]
        if not schemas:
            return self._fail(node, "an Avro union needs at least one type")
        if len(others) == 1 < len(schemas):
            single = others[0]
            if single.get("type") in ("string", "integer", "number", "boolean", "array") and "format" not in single:
                return {**single, "type": [single["type"], "null"]}
            return {"anyOf": [single, {"type": "null"}]}
        return schemas[0] if len(schemas) == 1 else {"anyOf": schemas}

    def _identity(self, node: Node, namespace: str) -> str:
        """What tells union branches apart: the type's name, or the full name of a named type."""
        value = node.value
        if isinstance(value, list):
            return "union"
        if isinstance(value, dict):
            kind = value.get("type")
            if isinstance(kind, (dict, list)):
                return self._identity(node.child("type"), namespace)
            return self.sites.get(node.key, str(kind))
        return self._lookup(str(value), namespace) or str(value)

    def _fail(self, node: Node, message: str) -> dict[str, Any]:
        self.errors.append(node.error(message))
        return {}
