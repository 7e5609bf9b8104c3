"""The console's changes and refusals over real HTTP (a logged-in client, no browser), on SQLite: the quarantine
replayed into the outbox, a secret rotated with an overlap, a disabled endpoint enabled with what died meanwhile sent
again, users from a file, and bad requests answered with a 4xx and a reason, never a 500."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from generator.runtime.console.app import ConsoleApp
from generator.runtime.console.audit import SQLiteAudit
from generator.runtime.console.auth import Logins, hash_password, read_users
from generator.runtime.console.state import Console
from generator.runtime.outbox import Attempt
from generator.runtime.outbox.sqlite import SQLiteOutbox
from generator.runtime.receive.quarantine import KeptRequest, SQLiteQuarantine
from generator.runtime.receive.quarantine.store import new_kept_id
from salesman_events import EVENTS
from tests.helpers import uvicorn_server
from tests.runtime.outbox.support import HOOK, claim_all, event

TOKEN = "actions-test-token"


class Signed(httpx.Client):
    """A client logged in to the console, that puts the session's CSRF token into every form it posts."""

    csrf = ""

    def change(self, path: str, **form: str) -> httpx.Response:
        return self.post(path, data={"csrf": self.csrf, **form})


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple[Signed, SQLiteOutbox, SQLiteQuarantine]]:
    outbox, quarantine = SQLiteOutbox(tmp_path / "outbox.db"), SQLiteQuarantine(str(tmp_path / "quarantine.db"))
    console = Console(outbox, EVENTS, SQLiteAudit(str(tmp_path / "outbox.db")), quarantine=quarantine)
    with uvicorn_server(ConsoleApp(console, Logins(token=TOKEN))) as url, Signed(base_url=url) as client:
        assert client.post("/login", data={"user": "ops", "password": TOKEN}).status_code == 303
        found = re.search(r'name="csrf" value="([^"]+)"', client.get("/subscriptions").text)
        assert found is not None
        client.csrf = found.group(1)
        yield client, outbox, quarantine
    outbox.close()


def kept(body: dict[str, object], reason: str = "unknown_event") -> KeptRequest:
    """A request the relay kept (as if its event was unknown to the spec of that day)."""
    headers = (("content-type", "application/json"),)
    return KeptRequest(new_kept_id(), time.time(), reason, "{}", str(body["event"]), "POST", "/", b"", headers,
                       json.dumps(body).encode())  # fmt: skip


def test_kept_requests_replayed_become_events_in_the_outbox(
    setup: tuple[Signed, SQLiteOutbox, SQLiteQuarantine],
) -> None:
    client, outbox, quarantine = setup
    outbox.subscribe(HOOK, ["deal.*"])
    first, second = kept({"event": "deal.close", "did": "7"}), kept({"event": "deal.add", "did": "8"})
    broken = kept({"event": "deal.close", "did": "not a number"}, "validation_failed")
    for request in (first, second, broken):
        assert quarantine.keep(request)
    assert "3 requests SalesMan sent" in client.get("/dead").text

    answer = client.change("/quarantine/replay", id=first.id)
    assert answer.status_code == 303 and "handled%201" in answer.headers["location"]
    assert [d.event.name for d in claim_all(outbox)] == ["deal.close"]

    answer = client.change("/quarantine/replay", since="2000-01-01T00:00")
    note = answer.headers["location"]
    assert "handled%201" in note and "still%20kept%201" in note
    assert [d.event.name for d in claim_all(outbox)] == ["deal.add"]
    assert [k.id for k in quarantine.find()] == [broken.id]
    assert "quarantine.replay" in client.get("/audit").text


def test_a_rotation_shows_the_new_secret_once_and_keeps_the_old_one_signing(
    setup: tuple[Signed, SQLiteOutbox, SQLiteQuarantine],
) -> None:
    client, outbox, _ = setup
    old = "whsec_" + "T2xkT2xkT2xkT2xkT2xkT2xkT2xkT2xk"
    sub = outbox.subscribe(HOOK, ["*"], secrets=[old])
    rotated_to = client.change(f"/subscriptions/{sub.id}/rotate", overlap_hours="2")
    assert rotated_to.status_code == 303 and rotated_to.headers["location"] == f"/subscriptions/{sub.id}/secret"
    shown = client.get(rotated_to.headers["location"])
    new = re.search(r'<code id="secret">(whsec_[^<]+)</code>', shown.text)
    assert shown.status_code == 200 and new is not None
    again = client.get(rotated_to.headers["location"])  # a reload: gone, and no new secret made
    assert "whsec_" not in again.text and "shown once and is gone" in again.text
    (rotated,) = outbox.subscriptions()
    assert rotated.secrets == (new.group(1), old)
    assert rotated.retire_after is not None and abs(rotated.retire_after - (time.time() + 7200)) < 60
    assert rotated.signing_secrets(time.time()) == (new.group(1), old)
    page = client.get(f"/subscriptions/{sub.id}").text
    assert new.group(1) not in page and old not in page and "2 secrets" in page
    assert client.change(f"/subscriptions/{sub.id}/rotate", overlap_hours="-1").status_code == 400


def test_enabling_again_sends_what_died_meanwhile(setup: tuple[Signed, SQLiteOutbox, SQLiteQuarantine]) -> None:
    client, outbox, _ = setup
    sub = outbox.subscribe(HOOK, ["*"])
    outbox.add([event(), event()])
    for due in claim_all(outbox):
        outbox.record(due, "worker", Attempt(time.time(), 0.01, 500, "down", "dead"))
    assert client.change(f"/subscriptions/{sub.id}/disable", reason="maintenance").status_code == 303
    assert outbox.subscriptions()[0].disabled_reason == "maintenance"
    answer = client.change(f"/subscriptions/{sub.id}/enable", recover="1")
    assert "2%20dead%20deliveries%20sent%20again" in answer.headers["location"]
    assert len(claim_all(outbox)) == 2
    audit = client.get("/audit").text
    assert "subscription.disable" in audit and "subscription.enable" in audit and '"recovered": 2' in audit


@pytest.mark.parametrize(
    ("method", "path", "form", "status"),
    [
        ("GET", "/deliveries?state=lost", {}, 400),
        ("GET", "/deliveries?since=yesterday", {}, 400),
        ("GET", "/deliveries?subscription=x1", {}, 400),
        ("GET", "/deliveries/999999", {}, 404),
        ("GET", "/subscriptions/999", {}, 404),
        ("GET", "/?window=week", {}, 400),
        ("GET", "/catalog?lang=de", {}, 400),
        ("GET", "/nowhere", {}, 404),
        ("DELETE", "/subscriptions", {}, 405),
        ("POST", "/subscriptions", {"url": "", "events": "*"}, 400),
        ("POST", "/subscriptions", {"url": HOOK, "events": "*", "method": "PUT"}, 400),
        ("POST", "/subscriptions", {"url": HOOK, "events": "*", "identities": "one"}, 400),
        ("POST", "/dead/replay", {}, 400),
        ("POST", "/dead/replay", {"since": "soon"}, 400),
    ],
)
def test_bad_requests_get_a_4xx_with_a_reason(
    setup: tuple[Signed, SQLiteOutbox, SQLiteQuarantine], method: str, path: str, form: dict[str, str], status: int
) -> None:
    client, _, _ = setup
    data = {"csrf": client.csrf, **form} if method == "POST" else None
    answer = client.request(method, path, data=data)
    assert answer.status_code == status, answer.text
    assert answer.json()["error"] == status and answer.json()["detail"]


def test_a_form_that_is_not_urlencoded_is_refused(setup: tuple[Signed, SQLiteOutbox, SQLiteQuarantine]) -> None:
    client, outbox, _ = setup
    answer = client.post("/subscriptions", content=b'{"url": "x"}', headers={"content-type": "application/json"})
    assert answer.status_code == 415 and outbox.subscriptions() == []


def test_the_login_goes_back_only_to_a_page_of_the_console(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    console = Console(outbox, EVENTS, SQLiteAudit(str(tmp_path / "outbox.db")))
    users = tmp_path / "users.txt"
    users.write_text(f"# the operators\nann:{hash_password('correct horse')}\n", encoding="utf-8")
    app = ConsoleApp(console, Logins(users=read_users(users)))
    with uvicorn_server(app) as url, httpx.Client(base_url=url) as client:
        assert client.post("/login", data={"user": "ann", "password": "wrong"}).status_code == 401
        assert client.post("/login", data={"user": "bob", "password": "correct horse"}).status_code == 401
        away = client.post("/login", data={"user": "ann", "password": "correct horse", "next": "//evil.example/x"})
        assert away.status_code == 303 and away.headers["location"] == "/"
        back = client.post("/login", data={"user": "ann", "password": "correct horse", "next": "/deliveries"})
        assert back.headers["location"] == "/deliveries"
        assert client.get("/audit").text.count("<td>ann</td>") == 2
    outbox.close()


def test_a_users_file_line_that_is_not_a_hash_is_named(tmp_path: Path) -> None:
    users = tmp_path / "users.txt"
    users.write_text("ann:plain-password\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"users.txt:1: expected name:scrypt"):
        read_users(users)
