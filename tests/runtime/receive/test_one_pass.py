"""One pass from a JSON body to its typed payload: the same payload as the longer way, or None and the longer way."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml
from pydantic_core import from_json

from salesman_events import EVENTS, DealClose, Receiver
from salesman_events._runtime.events import EventInfo
from salesman_events._runtime.events.one_pass import OnePassValidator
from salesman_events._runtime.wire.encoding import encode_delivery
from salesman_events._runtime.wire.messages import Request
from salesman_events.models import ClientImport
from tests.helpers import REPO

SPEC = REPO / "spec" / "salesman-events.asyncapi.yaml"
ONE_PASS = OnePassValidator(EVENTS)


def examples() -> list[Any]:
    spec = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    found = []
    for message in spec["components"]["messages"].values():
        for number, example in enumerate(message.get("examples", [])):
            for fmt in ("salesman", "json"):
                body = encode_delivery(message["name"], example["payload"], fmt=fmt).body
                found.append(pytest.param(message["name"], body, id=f"{message['name']}-{number}-{fmt}"))
    return found


@pytest.mark.parametrize(("name", "body"), examples())
def test_every_example_is_typed_in_one_pass_as_the_longer_way_types_it(name: str, body: bytes) -> None:
    data = from_json(body)
    expected = EVENTS[name].parse({**data, "event": name} if "event" not in data else data)
    typed = ONE_PASS(body if b'"event"' in body else body[:-1] + b',"event":"%s"}' % name.encode())
    assert typed is not None
    got_name, payload = typed
    assert got_name == name and type(payload) is type(expected)
    assert payload == expected and payload.model_fields_set == expected.model_fields_set


@pytest.mark.parametrize(
    "body",
    [
        pytest.param(b'{"event":"deal.closed","did":"1"}', id="unknown-event"),
        pytest.param(b'{"did":"1"}', id="no-event-key"),
        pytest.param(b'{"event":7,"did":"1"}', id="event-not-text"),
        pytest.param(b'{"event":"deal.close","did":"x"}', id="invalid-field"),
        pytest.param(b'{"event":"deal.close"}', id="required-field-missing"),
        pytest.param(b'["deal.close"]', id="not-an-object"),
        pytest.param(b'{"event":"deal.close","did":"1"', id="cut-json"),
        pytest.param(b'{"event":"deal.close","did":"1","deep":' + b"[" * 300 + b"]" * 300 + b"}", id="nested-300"),
        pytest.param(b"", id="empty"),
    ],
)
def test_what_one_pass_cannot_type_is_left_to_the_longer_way(body: bytes) -> None:
    assert ONE_PASS(body) is None


def test_events_that_share_a_payload_type_are_left_to_the_longer_way() -> None:
    events = {
        "deal.close": EventInfo("deal.close", DealClose, "deal", ""),
        "deal.closed": EventInfo("deal.closed", DealClose, "deal", ""),
        "client.import": EventInfo("client.import", ClientImport, "client", ""),
    }
    validator = OnePassValidator(events)
    assert validator(b'{"event":"deal.close","did":"1"}') is None
    typed = validator(b'{"event":"client.import","clids":["1","2"]}')
    assert typed is not None and typed[0] == "client.import" and typed[1].clids == [1, 2]
    assert OnePassValidator({})(b'{"event":"deal.close","did":"1"}') is None


def test_a_json_body_with_the_session_id_reaches_handlers_without_it() -> None:
    receiver = Receiver()
    got: list[DealClose] = []
    receiver.on.deal_close(got.append)
    body = json.dumps({"event": "deal.close", "did": "1042", "ses": "secret-session", "note": "kept"}).encode()
    typed = ONE_PASS(body)
    assert typed is not None and "ses" in typed[1].model_extra  # the one pass alone would keep it among the extras
    response = receiver.handle(Request("POST", "/", b"", {"content-type": "application/json"}, body))
    assert response.status == 200, response.body
    assert got[0].model_extra == {"note": "kept"} and "ses" not in got[0].model_fields_set
