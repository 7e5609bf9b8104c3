"""Structural check of an AsyncAPI 3.x document: known fields, field types, required fields."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .errors import SpecError, SpecInvalid, closest, did_you_mean
from .source import Node, Spec

SUPPORTED_VERSIONS = re.compile(r"^3\.[01]\.\d+$")
COMPONENT_KEY = re.compile(r"^[a-zA-Z0-9.\-_]+$")

# A field kind is one of: "str", "bool", "any", "schema", "ref", an object name from OBJECTS,
# "map:<kind>" (string keys), "list:<kind>", or "<kind>|ref" (the object or a Reference Object).
_COMMON = {"title": "str", "summary": "str", "description": "str", "externalDocs": "any", "bindings": "any"}
_TAGGED = {**_COMMON, "tags": "list:Tag|ref"}


@dataclass(frozen=True)
class Shape:
    fields: dict[str, str]
    required: tuple[str, ...] = ()


OBJECTS: dict[str, Shape] = {
    "AsyncAPI": Shape(
        {
            "asyncapi": "str",
            "id": "str",
            "info": "Info",
            "servers": "map:Server|ref",
            "defaultContentType": "str",
            "channels": "map:Channel|ref",
            "operations": "map:Operation|ref",
            "components": "Components",
        },
        ("asyncapi", "info"),
    ),
    "Info": Shape(
        {
            "title": "str",
            "version": "str",
            "description": "str",
            "termsOfService": "str",
            "contact": "any",
            "license": "any",
            "tags": "list:Tag|ref",
            "externalDocs": "any",
        },
        ("title", "version"),
    ),
    "Server": Shape(
        {
            **_TAGGED,
            "host": "str",
            "protocol": "str",
            "protocolVersion": "str",
            "pathname": "str",
            "variables": "map:any",
            "security": "list:any",
        },
        ("host", "protocol"),
    ),
    "Channel": Shape(
        {
            **_TAGGED,
            "address": "str?",
            "messages": "map:Message|ref",
            "servers": "list:ref",
            "parameters": "map:Parameter|ref",
        }
    ),
    "Operation": Shape(
        {
            **_TAGGED,
            "action": "str",
            "channel": "ref",
            "security": "list:any",
            "traits": "list:any",
            "messages": "list:ref",
            "reply": "any",
        },
        ("action", "channel"),
    ),
    "Message": Shape(
        {
            **_TAGGED,
            "headers": "schema",
            "payload": "schema",
            "correlationId": "any",
            "contentType": "str",
            "name": "str",
            "examples": "list:MessageExample",
            "traits": "list:MessageTrait|ref",
        }
    ),
    "MessageTrait": Shape(
        {
            **_TAGGED,
            "headers": "schema",
            "correlationId": "any",
            "contentType": "str",
            "name": "str",
            "examples": "list:MessageExample",
        }
    ),
    "MessageExample": Shape({"headers": "any", "payload": "any", "name": "str", "summary": "str"}),
    "Parameter": Shape(
        {"enum": "list:str", "default": "str", "description": "str", "examples": "list:str", "location": "str"}
    ),
    "Tag": Shape({"name": "str", "description": "str", "externalDocs": "any"}, ("name",)),
    "Components": Shape(
        {
            "schemas": "map:schema",
            "servers": "map:Server|ref",
            "channels": "map:Channel|ref",
            "operations": "map:Operation|ref",
            "messages": "map:Message|ref",
            "securitySchemes": "map:any",
            "serverVariables": "map:any",
            "parameters": "map:Parameter|ref",
            "correlationIds": "map:any",
            "replies": "map:any",
            "replyAddresses": "map:any",
            "externalDocs": "map:any",
            "tags": "map:Tag|ref",
            "operationTraits": "map:any",
            "messageTraits": "map:MessageTrait|ref",
            "serverBindings": "map:any",
            "channelBindings": "map:any",
            "operationBindings": "map:any",
            "messageBindings": "map:any",
        }
    ),
}

_TYPE_NAMES = {"str": "a string", "bool": "a boolean", "map": "a mapping", "list": "a list"}


def check_document(spec: Spec) -> list[SpecError]:
    """Every structural problem of the root document (and the objects its `$ref`s reach)."""
    top = spec.top
    if not isinstance(top.value, dict):
        return [top.error("an AsyncAPI document must be a mapping")]
    version = top.value.get("asyncapi")
    if "asyncapi" not in top.value:
        return [top.error("missing required field 'asyncapi' (for example 'asyncapi: 3.0.0')")]
    if not isinstance(version, str) or not SUPPORTED_VERSIONS.match(version):
        return [top.child("asyncapi").error(f"unsupported AsyncAPI version '{version}': expected 3.0.x or 3.1.x")]
    return list(_ShapeChecker(spec).check(top, "AsyncAPI"))


class _ShapeChecker:
    def __init__(self, spec: Spec) -> None:
        self.spec = spec
        self.seen: set[tuple[tuple[str, str], str]] = set()

    def check(self, node: Node, kind: str) -> Iterator[SpecError]:
        if kind.endswith("?") and node.value is None:
            return
        kind = kind.rstrip("?")
        if kind.endswith("|ref") and not kind.startswith(("map:", "list:")):
            if isinstance(node.value, dict) and "$ref" in node.value:
                yield from self._ref(node, kind[: -len("|ref")])
                return
            kind = kind[: -len("|ref")]
        if kind == "any" or kind == "schema":
            return
        if kind == "ref":
            yield from self._ref(node, None)
        elif kind.startswith("map:"):
            if not isinstance(node.value, dict):
                yield node.error(f"expected a mapping, got {_describe(node.value)}")
                return
            for key, child in node.items():
                if node.pointer.startswith("/components/") and not COMPONENT_KEY.match(key):
                    yield child.error(f"component name '{key}' may only contain letters, digits, '.', '-' and '_'")
                yield from self.check(child, kind[4:])
        elif kind.startswith("list:"):
            if not isinstance(node.value, list):
                yield node.error(f"expected a list, got {_describe(node.value)}")
                return
            for child in node.elements():
                yield from self.check(child, kind[5:])
        elif kind in ("str", "bool"):
            expected = str if kind == "str" else bool
            if not isinstance(node.value, expected):
                yield node.error(f"expected {_TYPE_NAMES[kind]}, got {_describe(node.value)}")
        else:
            yield from self._object(node, kind)

    def _ref(self, node: Node, kind: str | None) -> Iterator[SpecError]:
        if not isinstance(node.value, dict) or "$ref" not in node.value:
            yield node.error(f"expected a Reference Object ({{$ref: ...}}), got {_describe(node.value)}")
            return
        extra = sorted(k for k in node.value if k != "$ref")
        if extra:
            yield node.child(extra[0]).error(f"a Reference Object takes only '$ref', not '{extra[0]}'")
        try:
            target = self.spec.deref(node)
        except SpecInvalid as exc:
            yield from exc.errors
            return
        if kind is not None:
            yield from self.check(target, kind)

    def _object(self, node: Node, kind: str) -> Iterator[SpecError]:
        marker = (node.key, kind)
        if marker in self.seen:
            return
        self.seen.add(marker)
        if not isinstance(node.value, dict):
            yield node.error(f"expected {_article(kind)} {kind} Object, got {_describe(node.value)}")
            return
        shape = OBJECTS[kind]
        misspelt = {closest(key, shape.fields) for key in node.value if key not in shape.fields}
        for name in shape.required:
            if name not in node.value and name not in misspelt:
                yield node.error(f"{kind} Object is missing required field '{name}'")
        for key, child in node.items():
            if key.startswith("x-"):
                continue
            field_kind = shape.fields.get(key)
            if field_kind is None:
                yield child.error(f"unknown field '{key}' in {kind} Object{did_you_mean(key, shape.fields)}")
                continue
            yield from self.check(child, field_kind)
        if kind == "Operation" and node.value.get("action") not in (None, "send", "receive"):
            action = node.value["action"]
            yield node.child("action").error(f"operation action must be 'send' or 'receive', not '{action}'")


def _describe(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the string '{value}'" if len(value) < 40 else "a string"
    return f"the {type(value).__name__} {value!r}"


def _article(word: str) -> str:
    return "an" if word[0].lower() in "aeiou" else "a"
