"""Payload schemas: checked against JSON Schema, then bundled into one `$defs` document for the model generator."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import jsonschema

from .avro import is_avro, to_json_schema
from .errors import SpecError, SpecInvalid, did_you_mean
from .naming import pascal, unique
from .source import Node, Spec

JSON_SCHEMA_FORMATS = (
    "application/vnd.aai.asyncapi",
    "application/vnd.aai.asyncapi+json",
    "application/vnd.aai.asyncapi+yaml",
    "application/schema+json",
    "application/schema+yaml",
)
TYPES = ("array", "boolean", "integer", "null", "number", "object", "string")
SUBSCHEMA_MAPS = ("properties", "patternProperties", "definitions", "$defs", "dependencies")
SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf", "items")
SUBSCHEMAS = (
    "items",
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
)
KEYWORDS = frozenset(
    {
        "$id",
        "$schema",
        "$ref",
        "$comment",
        "$defs",
        "title",
        "description",
        "default",
        "readOnly",
        "writeOnly",
        "examples",
        "multipleOf",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "additionalItems",
        "items",
        "maxItems",
        "minItems",
        "uniqueItems",
        "contains",
        "maxProperties",
        "minProperties",
        "required",
        "additionalProperties",
        "definitions",
        "properties",
        "patternProperties",
        "dependencies",
        "propertyNames",
        "const",
        "enum",
        "type",
        "format",
        "contentMediaType",
        "contentEncoding",
        "if",
        "then",
        "else",
        "allOf",
        "anyOf",
        "oneOf",
        "not",
        "discriminator",
        "externalDocs",
        "deprecated",
    }
)
_METASCHEMA = jsonschema.Draft7Validator(jsonschema.Draft7Validator.META_SCHEMA)


def unwrap(node: Node) -> Node:
    """The JSON Schema inside a Multi Format Schema Object, or the node itself."""
    value = node.value
    if isinstance(value, dict) and "schemaFormat" in value and "schema" in value:
        fmt = str(value["schemaFormat"]).split(";")[0].strip()
        if is_avro(fmt):
            return to_json_schema(node)  # converted; a file of its own holds the result
        if fmt not in JSON_SCHEMA_FORMATS:
            raise SpecInvalid(
                [
                    node.child("schemaFormat").error(
                        f"unsupported schemaFormat '{value['schemaFormat']}': only JSON "
                        "Schema, AsyncAPI Schema and Avro payloads can be generated"
                    )
                ]
            )
        return node.child("schema")
    return node


@dataclass
class Bundle:
    """Every schema the models need, as `$defs` of one JSON Schema, with where each came from."""

    spec: Spec
    defs: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, Node] = field(default_factory=dict)
    _names: dict[tuple[str, str], str] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)
    errors: list[SpecError] = field(default_factory=list)

    def name_of(self, node: Node) -> str | None:
        return self._names.get(node.key)

    def add(self, node: Node, wanted: str) -> str:
        """Register the schema at `node` as a def (once) and return its name."""
        if node.key in self._names:
            return self._names[node.key]
        name = unique(pascal(wanted), self._taken)
        self._names[node.key] = name
        self.origin[name] = node
        self.defs[name] = self._convert(node)
        return name

    def document(self) -> dict[str, Any]:
        return {"$schema": "http://json-schema.org/draft-07/schema#", "$defs": self.defs}

    def _convert(self, node: Node) -> Any:
        value = node.value
        if isinstance(value, list):
            return [self._convert(child) for child in node.elements()]
        if not isinstance(value, dict):
            return value
        result: dict[str, Any] = {}
        for key, child in node.items():
            if key == "$ref":
                try:
                    target = self.spec.resolve(child)
                except SpecInvalid as exc:
                    self.errors.extend(exc.errors)
                    continue
                last = target.pointer.rsplit("/", 1)[-1] or target.file.path.stem
                result["$ref"] = f"#/$defs/{self.add(target, last)}"
            elif key == "discriminator" and isinstance(child.value, str):
                continue  # AsyncAPI's discriminator is a property name; the model generator wants OpenAPI's object
            elif key in ("examples", "default", "const", "enum") or key.startswith("x-"):
                result[key] = child.value
            else:
                result[key] = self._convert(child)
        return result


def subschemas(node: Node) -> Iterator[Node]:
    """Direct subschemas of a schema node (not following `$ref`)."""
    value = node.value
    if not isinstance(value, dict):
        return
    for key in SUBSCHEMA_MAPS:
        child = node.get(key)
        if child is not None and isinstance(child.value, dict):
            yield from (sub for _, sub in child.items() if isinstance(sub.value, (dict, bool)))
    for key in SUBSCHEMA_LISTS:
        child = node.get(key)
        if child is not None and isinstance(child.value, list):
            yield from child.elements()
    for key in SUBSCHEMAS:
        child = node.get(key)
        if child is not None and isinstance(child.value, dict):
            yield child


def check_schema(node: Node) -> Iterator[SpecError]:
    """Problems of one schema and its inline subschemas, each at its own position."""
    structural = False
    for error in _METASCHEMA.iter_errors(node.value):
        path = "".join(f"/{p}" for p in error.absolute_path)
        target = _node_at(node, list(error.absolute_path))
        if error.absolute_path and error.absolute_path[-1] == "type":
            continue  # reported below with a suggestion
        structural = True
        yield target.file.error(node.pointer + path, _metaschema_message(error))
    if not structural:
        yield from _check_keywords(node)


def _check_keywords(node: Node) -> Iterator[SpecError]:
    value = node.value
    if not isinstance(value, dict):
        return
    for key, child in node.items():
        if key not in KEYWORDS and not key.startswith("x-"):
            hint = did_you_mean(key, KEYWORDS)
            if hint:
                yield child.error(f"unknown schema keyword '{key}'{hint}")
    type_node = node.get("type")
    if type_node is not None:
        names = type_node.value if isinstance(type_node.value, list) else [type_node.value]
        for name in names:
            if name not in TYPES:
                yield type_node.error(
                    f"unknown type '{name}' (types are {', '.join(TYPES)}){did_you_mean(str(name), TYPES)}"
                )
    pattern = node.get("pattern")
    if pattern is not None and isinstance(pattern.value, str):
        try:
            re.compile(pattern.value)
        except re.error as exc:
            yield pattern.error(f"invalid regular expression '{pattern.value}': {exc.msg} at position {exc.pos}")
    required, properties = node.get("required"), value.get("properties")
    if required is not None and isinstance(properties, dict):
        combined = any(k in value for k in ("allOf", "anyOf", "oneOf", "$ref", "patternProperties"))
        for item in required.elements():
            if not combined and item.value not in properties:
                hint = did_you_mean(str(item.value), properties)
                what = f"required property '{item.value}'"
                yield item.warning(f"{what} is not in properties: it is required, of any type{hint}")
    for sub in subschemas(node):
        if isinstance(sub.value, dict) and "$ref" not in sub.value:
            yield from _check_keywords(sub)


def _node_at(node: Node, path: list[Any]) -> Node:
    for step in path:
        if isinstance(node.value, (dict, list)):
            try:
                node = node.child(step)
            except (KeyError, IndexError, TypeError):
                break
    return node


def _metaschema_message(error: jsonschema.ValidationError) -> str:
    key = error.absolute_path[-1] if error.absolute_path else "schema"
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(expected) if isinstance(expected, list) else expected
        return f"'{key}' must be of type {expected}, got {_json_type(error.instance)} {_short(error.instance)}"
    return f"'{key}': {error.message}"


def _json_type(value: object) -> str:
    for name, kind in (
        ("boolean", bool),
        ("integer", int),
        ("number", float),
        ("string", str),
        ("array", list),
        ("object", dict),
    ):
        if isinstance(value, kind):
            return name
    return "null"


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def check_example(bundle: Bundle, def_name: str, example: Node) -> Iterator[SpecError]:
    """Errors of one example payload against the def it should match."""
    validator = jsonschema.Draft7Validator(
        {"$defs": bundle.defs, "$ref": f"#/$defs/{def_name}"}, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
    )
    for error in sorted(validator.iter_errors(example.value), key=lambda e: list(map(str, e.absolute_path))):
        target = _node_at(example, list(error.absolute_path))
        yield target.warning(f"example does not match its schema: {error.message}")
