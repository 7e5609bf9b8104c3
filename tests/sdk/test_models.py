"""The generated SDK's models and registry behave as integrators need: lax in, exact out."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

import salesman_events as se
from salesman_events import EVENTS, AnyEvent, EventName, parse_event
from salesman_events.models import EntryStatusCode
from tests.helpers import SPEC


def spec_examples() -> list[tuple[str, dict[str, Any]]]:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return [
        (message["name"], example["payload"])
        for message in document["components"]["messages"].values()
        for example in message["examples"]
    ]


LOCAL_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$")


def as_salesman_json(value: Any) -> Any:
    """What a real SalesMan server sends: every scalar a string."""
    if isinstance(value, dict):
        return {k: as_salesman_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_salesman_json(v) for v in value]
    return str(value)


@pytest.mark.parametrize(("name", "payload"), spec_examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_example_round_trips_exactly(name: str, payload: dict[str, Any]) -> None:
    """Out as in, but for SalesMan's 0 for "none" (absent) and its local datetimes (ISO 8601, `T` between)."""
    model = parse_event(name, payload)
    assert type(model) is EVENTS[EventName(name)].payload_type
    assert json.loads(model.model_dump_json()) == as_typed(type(model), payload)


def as_typed(model: type[BaseModel], payload: dict[str, Any]) -> dict[str, Any]:
    """The payload as the model writes it back: keys whose value means none left out, local datetimes in ISO form."""
    typed = {}
    for key, value in payload.items():
        field = next((f for n, f in model.model_fields.items() if (f.alias or n) == key), None)
        extra = field.json_schema_extra if field is not None and isinstance(field.json_schema_extra, dict) else {}
        if str(value) in {str(v) for v in extra.get("none-values") or []}:  # type: ignore[union-attr]
            continue
        if field is not None and isinstance(value, str) and LOCAL_DATETIME.match(value):
            value = value.replace(" ", "T")
        typed[key] = value
    return typed


@pytest.mark.parametrize(("name", "payload"), spec_examples(), ids=lambda v: v if isinstance(v, str) else "")
def test_all_string_wire_form_gives_the_same_event(name: str, payload: dict[str, Any]) -> None:
    assert parse_event(name, as_salesman_json(payload)) == parse_event(name, payload)


def spec_event_names() -> set[str]:
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    return {message["name"] for message in document["components"]["messages"].values()}


def test_registry_covers_every_event_with_group_and_summary() -> None:
    assert {str(name) for name in EventName} == set(EVENTS) == spec_event_names()
    assert all(info.group and info.summary for info in EVENTS.values())
    info = EVENTS[EventName.DEAL_CLOSE]
    assert (info.name, info.payload_type, info.group) == ("deal.close", se.DealClose, "deal")
    assert info.summary and info.address == "deal.close"
    assert EventName("deal.change.step") is EventName.DEAL_CHANGE_STEP


def test_money_is_decimal_in_python_and_a_string_on_the_wire() -> None:
    deal = se.DealClose(did=5, summa=Decimal("10340.00"))
    assert deal.summa == Decimal("10340.00")
    assert json.loads(deal.model_dump_json())["summa"] == "10340.00"
    with pytest.raises(ValidationError):
        se.DealClose.model_validate({"did": 5, "summa": "ten roubles"})


def test_absent_optional_fields_are_omitted_never_null() -> None:
    assert se.DealClose(did=5).model_dump_json() == '{"did":5}'
    assert se.DealClose(did=5).model_dump() == {"did": 5}
    assert "autor" in se.DealClose(did=5, autor=3).model_dump()


def test_numeric_strings_are_accepted_and_unknown_keys_kept() -> None:
    deal = se.DealClose.model_validate({"did": "1042", "autor": "3", "reason": "won", "newparam": {"a": "1"}})
    assert (deal.did, deal.autor) == (1042, 3)
    assert deal.model_extra == {"reason": "won", "newparam": {"a": "1"}}
    assert json.loads(deal.model_dump_json())["reason"] == "won"


def test_constraints_are_enforced_with_field_paths() -> None:
    with pytest.raises(ValidationError) as error:
        se.DealClose.model_validate({"did": "0"})
    assert error.value.errors()[0]["loc"] == ("did",)
    with pytest.raises(ValidationError) as error:
        se.ClientImport.model_validate({"clids": ["1", "x"]})
    assert error.value.errors()[0]["loc"] == ("clids", 1)


def test_enum_has_readable_int_members() -> None:
    entry = parse_event("entry.status", {"id": "7", "status": "2"})
    assert entry.status is EntryStatusCode.CANCELLED
    assert EntryStatusCode.CANCELLED == 2
    with pytest.raises(ValidationError):
        parse_event("entry.status", {"id": "7", "status": "5"})


def test_any_event_picks_the_model_by_event_key() -> None:
    adapter: TypeAdapter[Any] = TypeAdapter(AnyEvent)
    event = adapter.validate_python({"event": "invoice.doit", "did": "9", "summa": "100", "summaNew": "0"})
    assert isinstance(event, se.InvoiceDoit)
    assert event.summaNew == Decimal("0")
    with pytest.raises(ValidationError):
        adapter.validate_python({"event": "no.such.event", "did": "9"})


def test_unknown_event_name_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"no\.such"):
        parse_event("no.such", {})


def test_mass_action_payload_is_typed() -> None:
    payload = {"newuser": "9", "info": [{"clid": "15", "title": "ООО Ромашка", "olduser": "5"}]}
    event = parse_event("client.change.user", payload)
    assert event.info is not None and event.info[0].clid == 15 and event.newuser == 9
