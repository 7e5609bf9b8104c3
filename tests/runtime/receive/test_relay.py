"""The relay over a real uvicorn on loopback: SalesMan's hop 1 and hop-2 forms committed to a real SQLite outbox with
one delivery per matching subscription before the answer; the token, the address allow-list, the quarantine, a
repeated webhook-id and a failing outbox."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import pytest

from salesman_events import EVENTS
from salesman_events._runtime.outbox import EventRecord, OutboxError
from salesman_events._runtime.outbox.sqlite import SQLiteOutbox
from salesman_events._runtime.receive import RelayApp
from salesman_events._runtime.receive.dedupe import SQLiteStore
from salesman_events._runtime.receive.quarantine import MemoryQuarantine
from salesman_events._runtime.receive.relay import request_token
from salesman_events._runtime.wire.messages import Request
from tests.helpers import GENERATED, REPO, SDK_ENV, uvicorn_server

from .relay_stack import SDK_COMMAND

TOKEN = "relay-token-7f3a"
SESSION = "SESSIONabc123"
VICTORY = "%D0%9F%D0%BE%D0%B1%D0%B5%D0%B4%D0%B0"  # "Победа", as http_build_query writes it
HOP1 = f"did=1042&summa=10340&status={VICTORY}&event=deal.close&identity=1&iduser1=3&ses={SESSION}"
FORM = {"content-type": "application/x-www-form-urlencoded"}


@pytest.fixture
def outbox(tmp_path: Path) -> Iterator[SQLiteOutbox]:
    box = SQLiteOutbox(tmp_path / "outbox.db")
    yield box
    box.close()


def stored(path: Path) -> list[tuple[str, str, bytes, int]]:
    """(id, name, payload, deliveries) of every event in the outbox file."""
    with sqlite3.connect(path) as db:
        events = db.execute("SELECT seq, id, name, payload FROM events ORDER BY seq").fetchall()
        counts = dict(db.execute("SELECT event_seq, count(*) FROM deliveries GROUP BY event_seq").fetchall())
    return [(id_, name, bytes(payload), counts.get(key, 0)) for key, id_, name, payload in events]


def relay_of(outbox: SQLiteOutbox, **options: object) -> RelayApp:
    return RelayApp(EVENTS, outbox, token=TOKEN, **options)  # type: ignore[arg-type]


def test_hop1_is_committed_with_a_delivery_per_matching_subscription_and_without_ses(
    outbox: SQLiteOutbox, tmp_path: Path
) -> None:
    outbox.subscribe("https://a.example/hook", ["deal.*"])
    outbox.subscribe("https://b.example/hook", ["deal.close"], format="salesman")
    outbox.subscribe("https://c.example/hook", ["client.*"])
    with uvicorn_server(relay_of(outbox)) as base:
        answer = httpx.post(f"{base}/developer/webhooks.php?token={TOKEN}", content=HOP1, headers=FORM)
    assert answer.status_code == 200, answer.text
    assert answer.json()["event"] == "deal.close"
    [(event_id, name, payload, deliveries)] = stored(tmp_path / "outbox.db")
    assert (event_id, name, deliveries) == (answer.json()["id"], "deal.close", 2)
    assert json.loads(payload) == {
        "event": "deal.close", "identity": 1, "iduser1": 3, "did": 1042, "summa": "10340", "status": "Победа"
    }  # fmt: skip
    assert SESSION.encode() not in (tmp_path / "outbox.db").read_bytes()


def test_hop2_json_and_legacy_form_are_relayed(outbox: SQLiteOutbox, tmp_path: Path) -> None:
    hop2 = json.dumps({"event": "client.add", "identity": "1", "iduser1": "3", "clid": "1523", "autor": "3"})
    with uvicorn_server(relay_of(outbox)) as base:
        json_answer = httpx.post(f"{base}/?token={TOKEN}", content=hop2, headers={"content-type": "application/json"})
        legacy = httpx.post(f"{base}/?token={TOKEN}", content=f"clid=7&event=client.delete&ses={SESSION}", headers=FORM)
    assert (json_answer.status_code, legacy.status_code) == (200, 200), (json_answer.text, legacy.text)
    assert [(name, json.loads(p).get("clid")) for _, name, p, _ in stored(tmp_path / "outbox.db")] == [
        ("client.add", 1523),
        ("client.delete", 7),
    ]


@pytest.mark.parametrize(
    ("url", "headers"),
    [
        ("/", {}),
        ("/?token=wrong", {}),
        ("/", {"authorization": "Bearer wrong"}),
        (f"/?tok={TOKEN}", {}),
        ("/", {"authorization": f"Basic {TOKEN}"}),
    ],
)
def test_a_request_without_the_token_is_refused_and_nothing_is_stored(
    outbox: SQLiteOutbox, tmp_path: Path, url: str, headers: dict[str, str]
) -> None:
    with uvicorn_server(relay_of(outbox)) as base:
        answer = httpx.post(base + url, content=HOP1, headers={**FORM, **headers})
    assert (answer.status_code, answer.json()["error"]) == (401, "bad_token")
    assert TOKEN not in answer.text
    assert stored(tmp_path / "outbox.db") == []


def test_the_token_in_a_header_and_the_address_allow_list(outbox: SQLiteOutbox, tmp_path: Path) -> None:
    bearer = {**FORM, "authorization": f"Bearer {TOKEN}"}
    with uvicorn_server(relay_of(outbox, allow=["127.0.0.1/32"])) as base:
        assert httpx.post(base, content=HOP1, headers=bearer).status_code == 200
    with uvicorn_server(relay_of(outbox, allow=["10.0.0.0/8", "::1"])) as base:
        refused = httpx.post(base, content=HOP1, headers=bearer)
    assert (refused.status_code, refused.json()["error"]) == (403, "address_not_allowed")
    assert len(stored(tmp_path / "outbox.db")) == 1


def test_token_parsing() -> None:
    assert request_token(b"a=1&token=x%2By+z", None) == b"x+y z"
    assert request_token(b"token=q", b"Bearer  h ") == b"h"
    assert request_token(b"tokens=q", b"Bearer ") is None


def test_what_cant_be_typed_goes_to_the_quarantine_not_the_outbox(outbox: SQLiteOutbox, tmp_path: Path) -> None:
    quarantine = MemoryQuarantine()
    with uvicorn_server(relay_of(outbox, quarantine=quarantine)) as base:
        unknown = httpx.post(f"{base}/?token={TOKEN}", content=f"event=deal.closd&did=1&ses={SESSION}", headers=FORM)
        invalid = httpx.post(f"{base}/?token={TOKEN}", content="event=deal.close&did=abc", headers=FORM)
    assert [unknown.status_code, invalid.status_code] == [202, 202]
    assert [unknown.json()["reason"], invalid.json()["reason"]] == ["unknown_event", "validation_failed"]
    assert stored(tmp_path / "outbox.db") == []
    assert len(quarantine.find()) == 2
    assert all(SESSION.encode() not in kept.body for kept in quarantine.find())
    assert all(TOKEN.encode() not in kept.query and TOKEN.encode() not in kept.body for kept in quarantine.find())


def test_a_repeated_webhook_id_is_relayed_once(outbox: SQLiteOutbox, tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "seen.db")
    relay = relay_of(outbox, store=store)
    headers = {**FORM, "webhook-id": "relay_0123"}
    with uvicorn_server(relay) as base:
        first = httpx.post(f"{base}/?token={TOKEN}", content=HOP1, headers=headers)
        again = httpx.post(f"{base}/?token={TOKEN}", content=HOP1, headers=headers)
    replayed = relay.handle(Request("POST", "/", b"", headers, HOP1.encode()))  # as import-spool does
    assert (first.status_code, again.status_code, replayed.status) == (200, 200, 200)
    assert again.json()["duplicate"] is True and replayed.json()["duplicate"] is True
    assert len(stored(tmp_path / "outbox.db")) == 1
    store.close()


class FailingOutbox(SQLiteOutbox):
    """A SQLite outbox whose disk is, as far as `add` can tell, full."""

    def add(self, events: Sequence[EventRecord]) -> int:
        raise OutboxError("database or disk is full")


def test_an_outbox_that_fails_gives_503_and_the_id_can_be_sent_again(tmp_path: Path) -> None:
    failing, store = FailingOutbox(tmp_path / "outbox.db"), SQLiteStore(tmp_path / "seen.db")
    headers = {**FORM, "webhook-id": "relay_0456"}
    with uvicorn_server(RelayApp(EVENTS, failing, token=TOKEN, store=store)) as base:
        answer = httpx.post(f"{base}/?token={TOKEN}", content=HOP1, headers=headers)
    assert (answer.status_code, answer.json()["error"]) == (503, "outbox_unavailable")
    working = SQLiteOutbox(tmp_path / "outbox.db")
    assert relay_of(working, store=store).handle(Request("POST", "/", b"", headers, HOP1.encode())).status == 200
    assert len(stored(tmp_path / "outbox.db")) == 1
    failing.close(), working.close(), store.close()


def test_concurrent_requests_are_committed_in_groups(outbox: SQLiteOutbox, tmp_path: Path) -> None:
    import asyncio

    async def burst(base: str) -> list[int]:
        async with httpx.AsyncClient() as client:
            answers = await asyncio.gather(
                *(
                    client.post(f"{base}/?token={TOKEN}", content=f"did={n}&event=deal.close", headers=FORM)
                    for n in range(1, 201)
                )
            )
        return [a.status_code for a in answers]

    with uvicorn_server(relay_of(outbox)) as base:
        assert asyncio.run(burst(base)) == [200] * 200
    assert sorted(json.loads(p)["did"] for _, _, p, _ in stored(tmp_path / "outbox.db")) == list(range(1, 201))


def test_one_relay_serves_several_tenants(outbox: SQLiteOutbox, tmp_path: Path) -> None:
    """SalesMan's `identity` is the tenant: a subscription limited to tenant 2 gets tenant 2's events only."""
    outbox.subscribe("https://one.example/hook", ["deal.*"], format="salesman", identities=[1])
    two = outbox.subscribe("https://two.example/hook", ["deal.*"], format="salesman", identities=[2])
    with uvicorn_server(relay_of(outbox)) as base:
        for identity in (1, 2, 2, 3):
            form = f"did={identity}&event=deal.close&identity={identity}&iduser1=3&ses={SESSION}"
            assert httpx.post(f"{base}/?token={TOKEN}", content=form, headers=FORM).status_code == 200
    assert [deliveries for *_, deliveries in stored(tmp_path / "outbox.db")] == [1, 1, 1, 0]
    dues = outbox.claim("test", limit=10)
    assert sorted((d.subscription.url, json.loads(d.event.payload)["identity"]) for d in dues) == [
        ("https://one.example/hook", 1),
        (two.url, 2),
        (two.url, 2),
    ]


def test_relay_dropin_prints_the_php_file_as_shipped_without_the_generated_mark() -> None:
    shipped = REPO / "generator" / "runtime" / "receive" / "webhooks.php"
    copy = GENERATED / "salesman_events" / "_runtime" / "receive" / "webhooks.php"
    assert copy.read_text(encoding="utf-8").splitlines()[0].startswith("<?php // DO NOT EDIT")
    printed = subprocess.run([*SDK_COMMAND, "relay", "dropin"], env=SDK_ENV, capture_output=True, check=True)
    assert printed.stdout == shipped.read_bytes()
