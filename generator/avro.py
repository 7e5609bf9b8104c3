"""Avro payloads (a Multi Format Schema Object whose `schemaFormat` is Avro) as JSON Schema, so the rest of the
pipeline (models, docs, examples, diff) sees JSON Schema: the schema given inline, as JSON text, or by `$ref` to a
file (an `.avsc`) or a place in this one."""

from __future__ import annotations

import json
import posixpath
import re
from typing import Any
from urllib.parse import unquote

from .avro_schema import Converter
from .errors import SpecInvalid
from .source import Node, SourceFile, parse, unescape_token

AVRO_FORMATS = ("application/vnd.apache.avro", "application/vnd.apache.avro+json", "application/vnd.apache.avro+yaml")


def is_avro(schema_format: str) -> bool:
    """Whether a `schemaFormat` (parameters such as `;version=1.9.0` aside) names Avro."""
    return schema_format.split(";")[0].strip().lower() in AVRO_FORMATS


def to_json_schema(holder: Node) -> Node:
    """The JSON Schema of the Avro `schema` of a Multi Format Schema Object; raises SpecInvalid with every problem.

    The result is a node of a copy of the holder's file (its name and positions, so that later messages point into
    the spec) whose data is the payload at the holder's place and the named types under `/$avro`, where `$ref`s
    resolve as in any spec file."""
    avro = _avro_root(holder.child("schema"))
    converter = Converter()
    converter.collect(avro, "")
    converter.name_defs(avro, "#" + f"{holder.pointer}/schema".replace("%", "%25"))
    top = converter.convert(avro, "", outermost=True)
    if converter.errors:
        raise SpecInvalid(converter.errors)
    data: dict[str, Any] = {"$avro": converter.defs}
    here = data
    for token in holder.pointer.split("/")[1:]:
        here = here.setdefault(unescape_token(token), {})
    here["schema"] = top
    source = holder.file
    synthetic = SourceFile(source.path, source.display, source.text, data, dict(source.positions))
    for entry in converter.named.values():
        location = source.location((entry.node if entry.node.file is source else holder).pointer)
        synthetic.positions[entry.ref[1:]] = (location.line, location.col)
    return Node(synthetic, f"{holder.pointer}/schema", top)


def _avro_root(node: Node) -> Node:
    """The Avro schema itself: a mapping, a list or a type name, parsed from JSON text or read from a `$ref`."""
    value = node.value
    if isinstance(value, dict) and "$ref" in value:
        return _follow(node.child("$ref"))
    if isinstance(value, str) and value.strip()[:1] in ("{", "[", '"'):
        try:
            return Node(node.file, node.pointer, json.loads(value))
        except json.JSONDecodeError as exc:
            message = f"Avro schema text is not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})"
            raise SpecInvalid([node.error(message)]) from None
    return node


def _follow(ref: Node) -> Node:
    """The node that a `$ref` to a relative file (a `.avsc`), or to a place in this one, points to."""
    text = ref.value
    file_part, _, fragment = str(text).partition("#")
    source = ref.file
    if file_part:
        path = (source.path.parent / unquote(file_part)).resolve()
        if re.match(r"^[a-z][a-z0-9+.-]*://", file_part) or not path.is_file():
            raise SpecInvalid([ref.error(f"$ref '{text}': no file '{file_part}' next to this one")])
        source = parse(path, posixpath.normpath(posixpath.join(posixpath.dirname(source.display), unquote(file_part))))
    node = Node(source, "", source.data)
    for token in fragment.split("/")[1:]:
        key = unescape_token(token)
        try:
            node = node.child(int(key) if isinstance(node.value, list) and key.isdigit() else key)
        except (KeyError, IndexError, TypeError):
            raise SpecInvalid([ref.error(f"unresolved $ref '{text}': no '{key}' in {node.pointer or '/'}")]) from None
    return node
