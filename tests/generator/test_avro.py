"""Avro payload schemas converted to JSON Schema: the shapes, the shared named types, the errors, and a model made
from the result that parses an example."""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID

import jsonschema
import pytest
import yaml
from pydantic import ValidationError

from generator.avro import is_avro, to_json_schema
from generator.build import load
from generator.diff import diff
from generator.errors import SpecInvalid
from generator.source import Node, parse
from tests.helpers import run_generator

ORDER: dict[str, Any] = {
    "type": "record",
    "name": "Order",
    "namespace": "shop",
    "doc": "An order.",
    "fields": [
        {"name": "id", "type": {"type": "string", "logicalType": "uuid"}, "doc": "Its id."},
        {"name": "count", "type": "int"},
        {"name": "big", "type": "long", "default": 0},
        {"name": "ratio", "type": ["null", "double"], "default": None},
        {"name": "total", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2}},
        {"name": "at", "type": {"type": "long", "logicalType": "timestamp-micros"}},
        {"name": "localAt", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
        {"name": "day", "type": {"type": "int", "logicalType": "date"}},
        {"name": "clock", "type": {"type": "long", "logicalType": "time-micros"}},
        {"name": "odd", "type": {"type": "string", "logicalType": "date"}},
        {"name": "status", "type": {"type": "enum", "name": "Status", "doc": "Where.", "symbols": ["NEW", "DONE"]}},
        {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []},
        {"name": "prices", "type": {"type": "map", "values": "float"}},
        {"name": "home", "type": {"type": "record", "name": "Address", "fields": [{"name": "city", "type": "string"}]}},
        {"name": "work", "type": ["null", "shop.Address"], "default": None, "aliases": ["office"]},
        {"name": "either", "type": ["int", "string", "Status"]},
        {"name": "hash", "type": {"type": "fixed", "name": "Md5", "size": 16}},
        {"name": "parent", "type": ["null", "Order"], "default": None},
        {"name": "raw", "type": "bytes"},
        {"name": "flag", "type": "boolean", "default": True},
        {"name": "nothing", "type": "null"},
    ],
}
EXAMPLE: dict[str, Any] = {
    "id": "6a2f41a3-c54c-4ce8-92d2-0324e1c32e22",
    "count": 2,
    "total": "10.50",
    "at": "2024-05-01T09:30:00.123456Z",
    "localAt": "2024-05-01 09:30:00",
    "day": "2024-05-01",
    "clock": "09:30:00",
    "odd": "seven",
    "status": "NEW",
    "prices": {"a": 1.5},
    "home": {"city": "Riga"},
    "work": {"city": "Tallinn"},
    "either": "x",
    "hash": "0123456789abcdef",
    "parent": {
        **{"id": "6a2f41a3-c54c-4ce8-92d2-0324e1c32e23", "count": 1, "total": "1", "at": "2024-05-01T00:00:00Z"},
        **{"localAt": "2024-05-01T00:00:00", "day": "2024-05-02", "clock": "00:00:00", "odd": "one", "status": "DONE"},
        **{"prices": {}, "home": {"city": "Oslo"}, "either": 3, "hash": "x", "raw": "", "nothing": None},
    },
    "raw": "\u00ff",
    "nothing": None,
}


def converted(schema: Any, tmp_path: Path, fmt: str = "application/vnd.apache.avro;version=1.9.0") -> Node:
    path = tmp_path / "payload.yaml"
    path.write_text(yaml.safe_dump({"schemaFormat": fmt, "schema": schema}), encoding="utf-8")
    source = parse(path, "payload.yaml")
    return to_json_schema(Node(source, "", source.data))


def defs(node: Node) -> dict[str, Any]:
    """The named types of a conversion, by name."""
    return {name: schema for group in node.file.data["$avro"].values() for name, schema in group.items()}


def errors(schema: Any, tmp_path: Path) -> list[str]:
    with pytest.raises(SpecInvalid) as caught:
        converted(schema, tmp_path)
    return [str(e) for e in caught.value.errors]


def test_avro_schema_formats_are_recognised() -> None:
    assert is_avro("application/vnd.apache.avro;version=1.9.0")
    assert is_avro("application/vnd.apache.avro+json;version=1.9.0")
    assert is_avro("Application/Vnd.Apache.Avro+YAML; version=1.11.1")
    assert not is_avro("application/schema+json;version=draft-07")


def test_record_becomes_an_object_and_its_types_json_schema(tmp_path: Path) -> None:
    node = converted(ORDER, tmp_path)
    top, named = node.value, defs(node)
    props = top["properties"]
    assert node.pointer == "/schema" and top["type"] == "object" and top["description"] == "An order."
    assert top["required"] == [f["name"] for f in ORDER["fields"] if "default" not in f]
    assert props["id"] == {"type": "string", "format": "uuid", "description": "Its id."}
    assert props["count"] == {"type": "integer", "format": "int32"}
    assert props["big"] == {"type": "integer", "format": "int64", "default": 0}
    assert props["ratio"] == {"anyOf": [{"type": "number", "format": "double"}, {"type": "null"}], "default": None}
    assert props["total"] == {"type": "string", "format": "decimal"}
    assert [props[k]["format"] for k in ("at", "localAt", "day", "clock")] == [
        *("date-time", "date-time-local", "date", "time")
    ]
    assert props["odd"] == {"type": "string"}  # a logical type on a type it does not annotate is ignored
    assert named["Status"] == {"type": "string", "enum": ["NEW", "DONE"], "description": "Where."}
    assert props["tags"] == {"type": "array", "items": {"type": "string"}, "default": []}
    assert props["prices"] == {"type": "object", "additionalProperties": {"type": "number", "format": "float"}}
    assert named["Address"] == {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}
    address = props["home"]["$ref"]
    assert props["work"] == {"anyOf": [{"$ref": address}, {"type": "null"}], "default": None, "x-aliases": ["office"]}
    assert props["either"] == {"anyOf": [{"type": "integer", "format": "int32"}, {"type": "string"}, props["status"]]}
    assert named["Md5"] == {"type": "string"} and props["raw"] == {"type": "string"}
    assert props["parent"] == {"anyOf": [{"$ref": "#/schema"}, {"type": "null"}], "default": None}  # recursion
    assert props["nothing"] == {"type": "null"} and props["flag"]["default"] is True


def test_an_example_validates_against_the_converted_schema(tmp_path: Path) -> None:
    node = converted(ORDER, tmp_path)
    document = {**node.file.data, "$ref": "#/schema"}
    validator = jsonschema.Draft7Validator(document, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(EXAMPLE)) == []
    assert not validator.is_valid({**EXAMPLE, "status": "LOST"})
    assert not validator.is_valid({k: v for k, v in EXAMPLE.items() if k != "count"})


def test_schema_as_json_text_and_as_a_type_name(tmp_path: Path) -> None:
    assert converted(json.dumps(ORDER, indent=2), tmp_path).value == converted(ORDER, tmp_path).value
    assert converted("string", tmp_path).value == {"type": "string"}
    assert converted('"long"', tmp_path).value == {"type": "integer", "format": "int64"}
    assert converted(["null", "string"], tmp_path).value == {"type": ["string", "null"]}


def test_schema_from_a_referenced_avsc_file(tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "order.avsc").write_text(json.dumps({"order": ORDER}), encoding="utf-8")
    node = converted({"$ref": "schemas/order.avsc#/order"}, tmp_path)
    assert node.value == converted(ORDER, tmp_path).value
    problems = errors({"$ref": "schemas/nope.avsc"}, tmp_path)
    assert problems == [
        "payload.yaml:2:3: error: $ref 'schemas/nope.avsc': no file 'schemas/nope.avsc' next to this one"
        " (at /schema/$ref)"
    ]


def test_a_named_type_is_one_def_even_when_repeated_in_another_schema(tmp_path: Path) -> None:
    point = {"type": "record", "name": "Point", "fields": [{"name": "x", "type": "int"}]}
    first = converted({"type": "record", "name": "A", "fields": [{"name": "p", "type": point}]}, tmp_path)
    again = converted({"type": "record", "name": "B", "fields": [{"name": "q", "type": point}]}, tmp_path)
    other = {**point, "fields": [{"name": "x", "type": "long"}]}
    changed = converted({"type": "record", "name": "C", "fields": [{"name": "p", "type": other}]}, tmp_path)
    assert first.value["properties"]["p"] == again.value["properties"]["q"]
    assert first.value["properties"]["p"] != changed.value["properties"]["p"]


@pytest.mark.parametrize(
    ("schema", "expected"),
    [
        (
            {"type": "record", "name": "R", "fields": [{"name": "a", "type": "strng"}]},
            "unknown Avro type 'strng' — did you mean 'string'? (at /schema/fields/0/type)",
        ),
        (
            {"type": "record", "namespace": "n", "name": "R", "fields": [{"name": "a", "type": "n.Q"}]},
            "unknown Avro type 'n.Q' — did you mean 'n.R'? (at /schema/fields/0/type)",
        ),
        ({"type": "record", "name": "R"}, "Avro record 'R' has no 'fields' (at /schema)"),
        ({"type": "reccord", "name": "R"}, "unknown Avro type 'reccord' — did you mean 'record'? (at /schema/type)"),
        (["int", "string", "int"], "an Avro union may not contain two 'int' types (at /schema/2)"),
        (["null", ["int"]], "an Avro union may not contain a union directly (at /schema/1)"),
        (
            [{"type": "array", "items": "int"}, {"type": "array", "items": "string"}],
            "an Avro union may not contain two 'array' types (at /schema/1)",
        ),
        ({"type": "enum", "name": "E", "symbols": []}, "Avro enum needs 'symbols', a non-empty list of names"),
        (
            {"type": "enum", "name": "E", "symbols": ["A", "A"]},
            "Avro enum symbol 'A' is listed twice (at /schema/symbols/1)",
        ),
        ({"type": "array"}, "Avro array needs 'items' (at /schema)"),
        ({"type": "fixed", "name": "F"}, "Avro fixed needs 'size', a number of bytes (at /schema)"),
        ({"type": "record", "fields": []}, "Avro record has no 'name' (letters, digits, '_' and dots) (at /schema)"),
        ("record", "Avro type 'record' needs a mapping of its own: {type: record, …} (at /schema)"),
        (
            '{"type": "record",}',
            "Avro schema text is not valid JSON: Expecting property name enclosed in double quotes",
        ),
        (
            ["null", {"type": "enum", "name": "E", "symbols": ["A"]}, {"type": "enum", "name": "E", "symbols": ["B"]}],
            "Avro type name 'E' is defined twice (first at line 3) (at /schema/2/name)",
        ),
        (
            {"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}, {"name": "a", "type": "int"}]},
            "Avro field 'a' is defined twice (at /schema/fields/1/name)",
        ),
    ],
)
def test_an_invalid_avro_schema_gives_one_located_line(schema: Any, expected: str, tmp_path: Path) -> None:
    found = errors(schema, tmp_path)
    assert len(found) == 1, found
    assert found[0].startswith("payload.yaml:") and expected in found[0]


SPEC = """\
asyncapi: 3.0.0
info: {{title: Avro Unit, version: 1.0.0}}
channels:
  orders:
    address: orders
    messages:
      OrderPlaced:
        payload:
          schemaFormat: application/vnd.apache.avro;version=1.9.0
          schema: {schema}
        examples:
          - payload: {example}
operations:
  send: {{action: send, channel: {{$ref: '#/channels/orders'}}}}
"""


def write_spec(path: Path, schema: Any) -> Path:
    path.write_text(SPEC.format(schema=json.dumps(schema), example=json.dumps(EXAMPLE)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """The package generated from a document whose only payload is ORDER, imported."""
    out = tmp_path_factory.mktemp("avro-unit")
    spec = write_spec(out / "avro-unit.yaml", ORDER)
    run = run_generator("generate", "--spec", spec, "--out", out)
    assert run.code == 0 and "warning" not in run.stderr, run.stderr
    sys.path.insert(0, str(out))
    yield importlib.import_module("avro_unit")
    sys.path.remove(str(out))


def test_the_generated_model_parses_the_example(package: ModuleType) -> None:
    models = package.models
    assert {"OrderPlaced", "Status", "Address", "Md5"} <= set(vars(models))  # named types keep their Avro names
    order = package.parse_event("OrderPlaced", EXAMPLE)
    assert isinstance(order, models.OrderPlaced)
    assert order.id == UUID(EXAMPLE["id"]) and order.total == Decimal("10.50")
    assert order.at == datetime.fromisoformat("2024-05-01T09:30:00.123456+00:00")
    assert order.localAt == datetime(2024, 5, 1, 9, 30) and order.day == date(2024, 5, 1)
    assert order.clock == time(9, 30) and order.status is models.Status.NEW
    assert isinstance(order.home, models.Address) and order.work.city == "Tallinn"
    assert isinstance(order.parent, models.OrderPlaced) and order.parent.parent is None
    assert order.big == 0 and order.tags == [] and order.flag is True
    with pytest.raises(ValidationError):
        package.parse_event("OrderPlaced", {**EXAMPLE, "status": "LOST"})
    moved = package.parse_event(
        "OrderPlaced", {**{k: v for k, v in EXAMPLE.items() if k != "work"}, "office": {"city": "Pärnu"}}
    )
    assert moved.work.city == "Pärnu"  # a field alias is another key the field arrives under


def test_a_changed_avro_field_is_a_breaking_change(tmp_path: Path) -> None:
    old = load(write_spec(tmp_path / "old.yaml", ORDER))
    fields = [f if f["name"] != "count" else {**f, "type": "string"} for f in ORDER["fields"]]
    new = load(write_spec(tmp_path / "new.yaml", {**ORDER, "fields": fields}))
    changes = [(c.path, c.kind) for c in diff(old, new)]
    assert ("/count", "type-changed") in changes
    assert all(c.kind != "field-removed" for c in diff(old, new))
