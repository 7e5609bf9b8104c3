"""Every event SalesMan fires, with the argument shapes of its own `event::fire` call sites, sent by real PHP through
SalesMan's three wire forms (hop 1, hop 2, legacy hop 2) over loopback sockets to a receiver under uvicorn: each is
accepted with a 200 (none refused, none quarantined) and typed, once, with the values PHP sent."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from salesman_events import EVENTS, ReceivedEvent, Receiver
from tests.helpers import uvicorn_server

from .salesman_expect import model_mismatches
from .salesman_php import (
    SHAPES,
    WIRE_FORMS,
    Recording,
    Seen,
    Sent,
    WireForm,
    hop1_target,
    php_with_curl,
    send,
    shape_events,
)

TOKEN = "wire-t0ken"
SESSION = "wire0sess1on2id3of4a5crm6user7x"  # SalesMan's `ses`, sent by hop 1 and the legacy hop 2
# Events SalesMan fires that the reference lacks; the spec is getting them.
NEW_EVENTS = frozenset(
    {
        "deal.import",
        "invoice.undoit",
        "lead.add",
        "lead.setuser",
        "deal.change.datum_plan",
        "invoice.delete",
        "task.remove",
        "document.add",
    }
)
EVENT_NAMES = sorted(set(EVENTS) | NEW_EVENTS)


@dataclass(frozen=True)
class Arrivals:
    """What one wire form delivered: the requests PHP sent, the requests as they reached the receiver, the models
    each event's typed handler got, and every accepted event by its id (the catch-all's view)."""

    form: WireForm
    sent: list[Sent]
    requests: list[Seen]
    typed: dict[str, list[BaseModel]]
    accepted: dict[str, ReceivedEvent]


@pytest.fixture(scope="module")
def php() -> str:
    return php_with_curl()


@pytest.fixture(scope="module", params=WIRE_FORMS)
def arrivals(request: pytest.FixtureRequest, php: str, tmp_path_factory: pytest.TempPathFactory) -> Arrivals:
    """All of shapes.php fired by one PHP process through one wire form to a token-mode receiver under uvicorn."""
    form: WireForm = request.param
    receiver = Receiver(token=TOKEN)
    typed: dict[str, list[BaseModel]] = {name: [] for name in EVENTS}
    for name, info in EVENTS.items():
        getattr(receiver.on, info.method)(typed[name].append)
    accepted: dict[str, ReceivedEvent] = {}

    def catch_all(event: ReceivedEvent) -> None:
        accepted[event.id] = event

    receiver.on_any(catch_all)
    recording = Recording(receiver)
    workdir: Path = tmp_path_factory.mktemp(form)
    with (
        uvicorn_server(recording) as base,
        hop1_target(form, php, f"{base}/?token={TOKEN}", EVENT_NAMES, workdir) as url,
    ):
        sent = send(php, SHAPES, url, SESSION)
    return Arrivals(form, sent, recording.requests, typed, accepted)


def _leaves(value: Any) -> list[Any]:
    """The scalars of a decoded JSON value, however deep."""
    if isinstance(value, dict):
        value = list(value.values())
    return [leaf for item in value for leaf in _leaves(item)] if isinstance(value, list) else [value]


def test_the_shapes_cover_every_event(php: str) -> None:
    """shapes.php fires every event of the spec, and the new ones SalesMan fires: nothing more, nothing less."""
    fired = set(shape_events(php))
    missing, unknown = sorted(set(EVENT_NAMES) - fired), sorted(fired - set(EVENT_NAMES))
    assert not missing and not unknown, f"shapes.php lacks {missing}; fires {unknown}, in neither EVENTS nor NEW_EVENTS"


def test_the_requests_are_salesman_s_own_wire_form(arrivals: Arrivals) -> None:
    """What reached the receiver is the form under test, as SalesMan's PHP makes it: hop 1 and the legacy hop 2 a
    form with `ses`; hop 2 `json_encode($_REQUEST)` without it, every scalar a string, `/` as `\\/`, non-ASCII as
    `\\uXXXX`. No User-Agent: neither PHP's cURL nor its http stream wrapper sends one."""
    requests = arrivals.requests
    assert len(requests) == len(arrivals.sent)
    assert not any("user-agent" in seen.headers for seen in requests)
    content_types = {seen.headers.get("content-type") for seen in requests}
    if arrivals.form == "hop2":
        assert content_types == {"application/json"}
        assert not any(b'"ses"' in seen.body or SESSION.encode() in seen.body for seen in requests)
        assert all(type(leaf) is str for seen in requests for leaf in _leaves(json.loads(seen.body)))
        assert any(b"\\/" in seen.body for seen in requests) and all(seen.body.isascii() for seen in requests)
    else:
        assert content_types == {"application/x-www-form-urlencoded"}
        assert all(f"ses={SESSION}".encode() in seen.body.split(b"&") for seen in requests)


def shape_problems(arrivals: Arrivals, sent: Sent) -> list[str]:
    """Why one fired shape did not arrive as a typed event with the values sent; empty when it did."""
    form = arrivals.form
    answers = sent.answers(form)
    if len(answers) != 1 or answers[0].status != 200:
        return [f"not accepted: {sent.describe(form)}"]
    event = arrivals.accepted.get(str(answers[0].json().get("id")))
    if event is None:
        return [f"accepted but no handler ran: {sent.describe(form)}"]
    info = EVENTS.get(sent.event)
    problems: list[str] = []
    if info is None or type(event.payload) is not info.payload_type:
        problems.append(f"typed as {type(event.payload).__name__}, not the model of {sent.event}")
    elif sum(model is event.payload for model in arrivals.typed[sent.event]) != 1:
        problems.append("the typed handler did not get it exactly once")
    problems += model_mismatches(sent.event, event.payload, sent.args)
    return [f"{sent.event}[{sent.shape}] via {form}: {problem}" for problem in problems]


@pytest.mark.parametrize("event", EVENT_NAMES)
def test_every_shape_is_accepted_and_typed(arrivals: Arrivals, event: str) -> None:
    """Each argument shape of `event`, through the wire form under test: a 200, one call of the event's typed
    handler with its model, and the values PHP sent (see salesman_expect)."""
    fired = [sent for sent in arrivals.sent if sent.event == event]
    assert fired, f"shapes.php fires no {event}"
    problems = [problem for sent in fired for problem in shape_problems(arrivals, sent)]
    assert not problems, "\n".join(problems)
    calls: list[Any] = arrivals.typed.get(event, [])
    assert len(calls) == len(fired), f"{len(fired)} fired, the typed handler ran {len(calls)} times"
