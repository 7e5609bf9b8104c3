"""The SDK's event registry carries what an event catalog shows: each event's texts in English and Russian and its
fields, as the spec's own text gives them."""

from __future__ import annotations

from typing import Any

import yaml

from generator.build import load
from salesman_events import EVENTS
from salesman_events._runtime.events import EventInfo, FieldInfo
from tests.helpers import SPEC


def spec_document() -> dict[str, Any]:
    return yaml.safe_load(SPEC.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def resolve(document: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    """The node a local `$ref` points at, or the node itself."""
    if "$ref" not in node:
        return node
    target: Any = document
    for part in node["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    return resolve(document, target)


def payload_fields(document: dict[str, Any], message: dict[str, Any]) -> tuple[dict[str, Any], set[str]]:
    """A message's payload properties by wire name, through its `allOf` parts, and the names it requires."""
    properties: dict[str, Any] = {}
    required: set[str] = set()
    for part in (resolve(document, p) for p in message["payload"]["allOf"]):
        properties.update(part.get("properties", {}))
        required.update(part.get("required", []))
    return properties, required


def type_label(property_: dict[str, Any]) -> str:
    """What the registry calls a property's type: the shared schema it refers to, else its JSON type."""
    return str(property_["$ref"]).rsplit("/", 1)[-1] if "$ref" in property_ else str(property_["type"])


def test_deal_close_carries_its_russian_texts_and_its_fields_as_the_spec_writes_them() -> None:
    document = spec_document()
    message = document["components"]["messages"]["DealClose"]
    properties, required = payload_fields(document, message)

    info = EVENTS[message["name"]]

    assert (info.summary, info.summary_ru) == (message["summary"], message["x-ru-summary"])
    assert (info.description, info.description_ru) == (message["description"], message["x-ru-description"])
    assert info.title == message["title"] and info.title_ru == ""  # the spec gives no Russian title
    assert not info.deprecated
    assert [field.name for field in info.fields] == list(properties)
    assert required and {field.name for field in info.fields if field.required} == required
    for field in info.fields:
        spec_field = properties[field.name]
        assert field.description == spec_field["description"], field.name
        assert field.description_ru == spec_field["x-ru-description"], field.name
        assert field.type_label == type_label(spec_field), field.name
        assert field.aliases == () and not field.deprecated, field.name


def test_every_event_has_the_fields_and_texts_of_the_spec() -> None:
    api = load(SPEC).api
    assert [str(name) for name in EVENTS] == [event.name for event in api.events]
    for event in api.events:
        info = EVENTS[event.name]
        assert info.summary_ru == event.summary.ru and info.description_ru == event.description.ru, event.name
        assert info.fields == tuple(
            FieldInfo(
                name=f.name,
                type_label=f.type_label,
                required=f.required,
                description=f.description.en,
                description_ru=f.description.ru,
                aliases=f.aliases,
                deprecated=f.deprecated,
            )
            for f in event.fields
        ), event.name


def test_a_field_aliased_on_the_wire_lists_its_other_keys() -> None:
    document = spec_document()
    aliased = {
        (message["name"], name): tuple(field["x-aliases"])
        for message in document["components"]["messages"].values()
        for name, field in payload_fields(document, message)[0].items()
        if "x-aliases" in field
    }
    assert aliased  # the spec has one: `task.add` from `client.expressadd` sends its id as `tid`
    for (event, name), aliases in aliased.items():
        assert next(f for f in EVENTS[event].fields if f.name == name).aliases == aliases


def test_registry_entries_made_by_hand_keep_working_without_the_new_fields() -> None:
    info = EventInfo[dict[str, Any]]("custom.event", dict[str, Any], "custom", "A custom event.")
    assert (info.title_ru, info.summary_ru, info.description, info.description_ru) == ("", "", "", "")
    assert info.fields == () and info.deprecated is False
    assert info.parse({"a": 1}) == {"a": 1}
