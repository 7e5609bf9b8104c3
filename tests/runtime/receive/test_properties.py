"""Property: any valid payload of any event, sent as SalesMan JSON, a PHP form or a GET query, arrives as the same
typed event."""

from __future__ import annotations

import json
import string
from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.build import load
from salesman_events import EVENTS, ReceivedEvent, Receiver, parse_event
from salesman_events._runtime.wire.encoding import encode_delivery
from salesman_events._runtime.wire.messages import Request
from tests.helpers import SPEC

KEY_TEXT = st.text(string.ascii_letters + "_", min_size=1, max_size=8)


@cache
def bundle_defs() -> dict[str, Any]:
    return load(SPEC).bundle.defs


def schema_strategy(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Values valid for the subset of JSON Schema our spec uses, as a sender would have them before encoding."""
    if "$ref" in schema:
        return schema_strategy(bundle_defs()[schema["$ref"].rsplit("/", 1)[-1]])
    if "allOf" in schema:
        return _object(schema["allOf"])
    if "anyOf" in schema or "oneOf" in schema:  # e.g. an id, or SalesMan's 0 for "none"
        return st.one_of([schema_strategy(branch) for branch in schema.get("anyOf") or schema["oneOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "integer":
        return st.integers(min_value=schema.get("minimum", -(2**31)), max_value=2**31)
    if kind == "string" and schema.get("format") == "decimal":
        return st.decimals(min_value=0, max_value=10**9, places=2).map(str)
    if kind == "string" and schema.get("format") == "date":
        return st.dates().map(lambda d: d.isoformat())
    if kind == "string" and schema.get("format") == "date-time-local":  # as SalesMan writes it, or a plain date
        return st.datetimes().map(lambda d: d.isoformat(" ", "seconds")) | st.dates().map(lambda d: d.isoformat())
    if kind == "string":
        return st.text(max_size=20)
    if kind == "array":
        return st.lists(schema_strategy(schema["items"]), min_size=1, max_size=3)
    if kind == "object" and "properties" not in schema:
        return st.dictionaries(KEY_TEXT, st.text(max_size=10), min_size=1, max_size=3)
    return _object([schema])


def _object(parts: list[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    required: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for part in parts:
        resolved = bundle_defs()[part["$ref"].rsplit("/", 1)[-1]] if "$ref" in part else part
        for name, sub in resolved.get("properties", {}).items():
            if name == "event":
                continue
            (required if name in resolved.get("required", []) else optional)[name] = schema_strategy(sub)
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def events(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    name = draw(st.sampled_from(sorted(EVENTS)))
    payload = draw(schema_strategy(bundle_defs()[EVENTS[name].payload_type.__name__]))  # type: ignore[index]
    return name, payload


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events(), st.sampled_from(["salesman", "form", "json"]), st.sampled_from(["POST", "GET"]))
def test_every_wire_form_gives_the_same_typed_event(event: tuple[str, dict[str, Any]], fmt: str, method: str) -> None:
    name, payload = event
    expected = parse_event(name, payload)
    receiver = Receiver()
    got: list[ReceivedEvent] = []
    receiver.on_any(got.append)
    delivery = encode_delivery(name, json.loads(expected.model_dump_json()), fmt=fmt, method=method)  # type: ignore[arg-type]
    request = Request(method, "/", delivery.query.encode(), dict(delivery.headers), delivery.body)
    response = receiver.handle(request)
    assert response.status == 200, response.body
    received = got[0].payload
    assert type(received) is type(expected)
    assert received.model_dump(exclude={"event"}) == expected.model_dump(exclude={"event"})
