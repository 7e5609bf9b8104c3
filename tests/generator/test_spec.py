"""The SalesMan spec itself: official validity, completeness against the seed, texts, examples."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from generator.build import load
from tests.helpers import REPO, SPEC, VALID_SPECS, unavailable

SEED = REPO / "tests" / "fixtures" / "events-reference.ru.txt"
SHARED_SEED = REPO.parent / "shared" / "seed" / "events-reference.ru.txt"
EVENT_LINE = re.compile(r"^([a-z]+(?:\.[a-z]+)+)$")
ARGUMENT = re.compile(r"\b(?:n?integer|nteger|string|array)\s+(\w+)\s*(?:-|=)")


def seed_events() -> dict[str, list[str]]:
    """Event name -> argument names, as the seed lists them (a glued `* string invoice` counts too)."""
    events: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in SEED.read_text(encoding="utf-8").splitlines():
        stripped = line.strip()
        if EVENT_LINE.match(stripped):
            current = events.setdefault(stripped, [])
        elif current is not None and stripped.startswith("•"):
            current.extend(ARGUMENT.findall(stripped))
    return events


def official_schema(version: str) -> dict[str, Any]:
    folder = Path(os.environ.get("ASYNCAPI_SCHEMAS", REPO / ".cache/asyncapi-specs-6.11.1/package/schemas"))
    path = folder / f"{version}-without-$id.json"
    if not path.is_file():
        unavailable(f"official AsyncAPI schema not found at {path} (make test fetches it)")
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_committed_seed_copy_is_the_shared_seed() -> None:
    if not SHARED_SEED.is_file():
        pytest.skip(
            "the original SalesMan events reference is not beside this checkout (../shared/seed/), so there is "
            "nothing to compare tests/fixtures/events-reference.ru.txt with; the other tests use that copy"
        )
    assert SEED.read_bytes() == SHARED_SEED.read_bytes()


def test_the_spec_loads_without_a_warning() -> None:
    assert [str(w) for w in load(SPEC).warnings] == []


def test_seed_has_all_36_events() -> None:
    assert len(seed_events()) == 36


@pytest.mark.parametrize("path", [SPEC, *VALID_SPECS], ids=lambda p: p.name)
def test_valid_by_official_asyncapi_schema(path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    schema = official_schema(str(document["asyncapi"]))
    errors = [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in jsonschema.Draft7Validator(schema).iter_errors(document)
    ]
    assert errors == []


def test_every_seed_event_and_argument_is_in_the_spec() -> None:
    api = load(SPEC).api
    fields = {event.name: {f.name for f in event.fields} for event in api.events}
    for event, arguments in seed_events().items():
        assert event in fields, event
        missing = sorted(set(arguments) - fields[event])
        assert missing == [], f"{event} lacks {missing}"


def test_every_event_has_a_channel_a_send_operation_a_group_and_an_example() -> None:
    api = load(SPEC).api
    document = yaml.safe_load(SPEC.read_text(encoding="utf-8"))
    groups = {tag["name"] for tag in document["info"]["tags"]}
    names = [e.name for e in api.events]
    assert len(names) == len(set(names))
    for event in api.events:
        assert event.address == event.name
        assert event.action == "send"
        assert event.group in groups, event.name
        assert event.examples, event.name


def test_events_beyond_the_seed_say_so() -> None:
    """An event the seed doesn't list carries an event-level note saying where it comes from."""
    seed = seed_events()
    for event in load(SPEC).api.events:
        if event.name not in seed:
            assert event.notes, event.name
            assert all(note.en and note.ru for note in event.notes), event.name


def test_every_event_and_field_has_english_and_russian_text() -> None:
    for event in load(SPEC).api.events:
        for text in (event.summary, event.description):
            assert text.en and text.ru, event.name
            assert re.search("[а-яА-Я]", text.ru), event.name
        for field in event.fields:
            assert field.description.en and field.description.ru, f"{event.name}.{field.name}"


def test_seed_corrections_are_recorded() -> None:
    events = {e.name: e for e in load(SPEC).api.events}
    noted = {name for name, e in events.items() if e.notes or any(f.notes for f in e.fields)}
    for name in ("client.expressadd", "person.add", "invoice.add", "deal.change.step", "history.add", "akt.add"):
        assert name in noted, name
    person_add = {f.name: f for f in events["person.add"].fields}
    assert person_add["pid"].type_label == "PersonId" and person_add["pid"].notes


def test_types_follow_the_design() -> None:
    events = {e.name: {f.name: f for f in e.fields} for e in load(SPEC).api.events}
    assert events["deal.close"]["summa"].schema_name == "Money"
    assert events["deal.close"]["did"].required
    assert events["contract.add"]["datum"].schema_name == "LocalDateTime"
    assert events["client.import"]["clids"].type_label == "array of ClientId"
    assert [v.name for v in events["entry.status"]["status"].enum] == ["NEW", "PROCESSED", "CANCELLED"]
    assert events["client.edit"]["newparam"].schema_name == "ChangedFields"
    for name in ("event", "identity", "iduser1"):
        assert events["deal.add"][name].inherited_from == "SalesManEnvelope"
    # Mass actions send `info` instead of the single id, so no id is required there.
    assert not events["deal.change.user"]["did"].required
    assert events["deal.change.user"]["info"].type_label == "array of DealReassignment"
    # 0 for "none": the id type or ZeroForNone.
    assert events["lead.do"]["did"].type_label == "any of DealId, ZeroForNone"
    # client.expressadd's task.add sends the id as `tid`, so a real sender may omit `id`.
    assert not events["task.add"]["id"].required


def test_every_document_datum_is_local_datetime_and_zero_means_none_where_salesman_sends_it() -> None:
    """datum of a document or act is the CRM's local datetime; its did/payer/pid may be 0, a correction of the seed
    where the seed lists the event (an event beyond the seed says so once, for the whole event)."""
    seed = seed_events()
    for event in load(SPEC).api.events:
        if event.group not in ("contract", "akt"):
            continue
        fields = {f.name: f for f in event.fields}
        if "datum" in fields:
            assert fields["datum"].schema_name == "LocalDateTime", event.name
        for name in ("did", "payer", "pid"):
            if name in fields:
                assert "ZeroForNone" in fields[name].type_label, f"{event.name}.{name}"
                assert fields[name].notes or event.name not in seed, f"{event.name}.{name}"


def test_shared_none_and_datetime_types() -> None:
    schemas = yaml.safe_load(SPEC.read_text(encoding="utf-8"))["components"]["schemas"]
    assert schemas["ZeroForNone"]["const"] == 0 and schemas["ZeroForNone"]["x-means-none"] is True
    assert (schemas["LocalDateTime"]["type"], schemas["LocalDateTime"]["format"]) == ("string", "date-time-local")
    for name in ("ZeroForNone", "LocalDateTime", "Money"):
        assert schemas[name]["description"] and re.search("[а-яА-Я]", schemas[name]["x-ru-description"]), name
