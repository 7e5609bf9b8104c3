"""The console reviewed as an attacker and as a careful operator, over real HTTP: a URL's token in no page (nor in
an endpoint's answer or a reason it was disabled for), the login sending the browser nowhere but the console and
refusing a login from another site, no 500 for any number, a note shown only when the console wrote it, refused
logins that don't stall the pages, a token login that can't take a user's name, "recover all since" meaning all,
subscriptions to web addresses only, the live refresh after the session ended, and static files' types."""

from __future__ import annotations

import html
import mimetypes
import re
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from generator.runtime.console.app import ConsoleApp
from generator.runtime.console.audit import SQLiteAudit
from generator.runtime.console.auth import Logins, hash_password
from generator.runtime.console.state import Console
from generator.runtime.outbox import Attempt
from generator.runtime.outbox.sqlite import SQLiteOutbox
from generator.runtime.receive.quarantine import SQLiteQuarantine
from salesman_events import EVENTS
from tests.helpers import uvicorn_server
from tests.runtime.outbox.support import HOOK, claim_all, event

TOKEN = "review-test-token"
SECRET = "SeCrEtToKeN42"


class Signed(httpx.Client):
    """A client logged in to the console, that puts the session's CSRF token into every form it posts."""

    csrf = ""

    def change(self, path: str, **form: str | list[str]) -> httpx.Response:
        return self.post(path, data={"csrf": self.csrf, **form})


@dataclass
class Setup:
    client: Signed
    outbox: SQLiteOutbox
    url: str


def _log_in(client: Signed, user: str = "ops", password: str = TOKEN) -> Signed:
    assert client.post("/login", data={"user": user, "password": password}).status_code == 303
    found = re.search(r'name="csrf" value="([^"]+)"', client.get("/subscriptions").text)
    assert found is not None
    client.csrf = found.group(1)
    return client


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[Setup]:
    outbox, quarantine = SQLiteOutbox(tmp_path / "outbox.db"), SQLiteQuarantine(str(tmp_path / "quarantine.db"))
    console = Console(outbox, EVENTS, SQLiteAudit(str(tmp_path / "outbox.db")), quarantine=quarantine)
    with uvicorn_server(ConsoleApp(console, Logins(token=TOKEN))) as url, Signed(base_url=url) as client:
        yield Setup(_log_in(client), outbox, url)
    outbox.close()


def _dead_letters(outbox: SQLiteOutbox, count: int) -> list[int]:
    outbox.add([event() for _ in range(count)])
    dues = claim_all(outbox)
    for due in dues:
        outbox.record(due, "worker", Attempt(time.time(), 0.01, 500, "down", "dead"))
    return [due.delivery_id for due in dues]


def test_a_urls_token_is_in_no_page_not_even_in_the_endpoints_answer(setup: Setup) -> None:
    client, outbox = setup.client, setup.outbox
    sub = outbox.subscribe(f"https://hooks.example.com/h?token={SECRET}", ["*"])
    outbox.add([event(), event()])
    first, second = claim_all(outbox)
    outbox.record(first, "worker", Attempt(time.time(), 0.01, None, f"ConnectError: /h?token={SECRET}", "retry", 0))
    answer = Attempt(time.time(), 0.01, 404, f"no hook at /h?token={SECRET}", "disable",
                     response_headers=(("location", f"/h2?a=1&token={SECRET}"),))  # fmt: skip
    outbox.record(second, "worker", answer)  # a 404 disables it: the reason names the URL
    assert SECRET in outbox.subscriptions()[0].disabled_reason
    for page in ("/", "/?partial=1", "/subscriptions", f"/subscriptions/{sub.id}", "/deliveries", "/dead",
                 f"/deliveries/{first.delivery_id}", f"/deliveries/{second.delivery_id}", "/audit"):  # fmt: skip
        shown = client.get(page)
        assert shown.status_code == 200 and SECRET not in shown.text, page


@pytest.mark.parametrize(
    "target", ["/\\evil.example", "/\\/evil.example", "/\t/evil.example", "/\n/evil.example", "/a\r\nx-evil: 1",
               "/\u0436", "https://evil.example", "//evil.example"],
)  # fmt: skip
def test_the_login_sends_the_browser_to_no_other_site(tmp_path: Path, target: str) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    console = Console(outbox, EVENTS, SQLiteAudit(str(tmp_path / "outbox.db")))
    with uvicorn_server(ConsoleApp(console, Logins(token=TOKEN))) as url, httpx.Client(base_url=url) as client:
        shown = client.get("/login", params={"next": target})
        assert shown.status_code == 200 and 'name="next" value="/"' in shown.text
        answer = client.post("/login", data={"user": "ops", "password": TOKEN, "next": target})
        assert answer.status_code == 303 and answer.headers["location"] == "/"
    outbox.close()


def test_a_login_posted_from_another_site_is_refused(setup: Setup) -> None:
    with httpx.Client(base_url=setup.url) as client:
        headers = {"origin": "https://evil.example"}
        answer = client.post("/login", data={"user": "ops", "password": TOKEN}, headers=headers)
        assert answer.status_code == 403 and "set-cookie" not in answer.headers
        assert client.post("/login", data={"user": "ops", "password": TOKEN}).status_code == 303


@pytest.mark.parametrize(
    ("method", "path", "form"),
    [
        ("GET", "/deliveries?before=%C2%B2", {}),
        ("GET", "/deliveries?before=99999999999999999999", {}),
        ("GET", "/deliveries?subscription=99999999999999999999", {}),
        ("GET", "/deliveries?subscription=%D9%A1", {}),
        ("GET", "/deliveries/99999999999999999999", {}),
        ("GET", "/subscriptions/99999999999999999999", {}),
        ("GET", "/subscriptions?identity=%C2%B2", {}),
        ("POST", "/deliveries/99999999999999999999/replay", {}),
        ("POST", "/dead/replay", {"id": "\u00b2"}),
        ("POST", "/dead/replay", {"id": "99999999999999999999"}),
        ("POST", "/subscriptions/{sub}", {"events": "*", "identities": "\u00b2"}),
        ("POST", "/subscriptions/{sub}", {"events": "*", "identities": "99999999999999999999"}),
        ("POST", "/subscriptions", {"url": HOOK, "events": "*", "identities": "\u00b2"}),
    ],
)
def test_no_number_gets_a_500(setup: Setup, method: str, path: str, form: dict[str, str]) -> None:
    client = setup.client
    sub = setup.outbox.subscribe(HOOK, ["*"], identities=[5])
    data = {"csrf": client.csrf, **form} if method == "POST" else None
    answer = client.request(method, path.format(sub=sub.id), data=data)
    assert answer.status_code in (400, 404), answer.text
    assert answer.json()["detail"]


def test_a_note_is_shown_only_when_the_console_wrote_it(setup: Setup) -> None:
    client, outbox = setup.client, setup.outbox
    phishing = "Your session expired: log in again at evil.example"
    assert phishing not in client.get("/", params={"note": phishing}).text
    assert phishing not in client.get("/deliveries", params={"note": phishing, "sig": "0" * 16}).text
    sub = outbox.subscribe(HOOK, ["*"])
    done = client.change(f"/subscriptions/{sub.id}/disable", reason="maintenance")
    assert "disabled: nothing is delivered" in client.get(done.headers["location"]).text
    tested = client.get(f"/subscriptions/{sub.id}").text
    assert "disabled: nothing is delivered" not in tested


def test_refused_logins_do_not_stall_the_console(setup: Setup) -> None:
    def guess() -> None:
        with httpx.Client(base_url=setup.url, timeout=30) as client:
            client.post("/login", data={"user": "x", "password": "wrong"})

    guessers = [threading.Thread(target=guess) for _ in range(40)]
    for thread in guessers:
        thread.start()
    time.sleep(0.15)  # every guess in its pause
    started = time.monotonic()
    assert setup.client.get("/audit").status_code == 200
    took = time.monotonic() - started
    for thread in guessers:
        thread.join()
    assert took < 0.3, f"a page took {took:.2f} s behind refused logins"


def test_a_token_login_cannot_take_the_name_of_a_user(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    console = Console(outbox, EVENTS, SQLiteAudit(str(tmp_path / "outbox.db")))
    logins = Logins(token=TOKEN, users={"ann": hash_password("correct horse")})
    with uvicorn_server(ConsoleApp(console, logins)) as url, httpx.Client(base_url=url) as client:
        assert client.post("/login", data={"user": "ann", "password": TOKEN}).status_code == 401
        assert client.post("/login", data={"user": "ann", "password": "correct horse"}).status_code == 303
        assert client.post("/login", data={"user": "ops", "password": TOKEN}).status_code == 303
    outbox.close()


def test_recover_all_since_recovers_all_even_with_boxes_ticked(setup: Setup) -> None:
    client, outbox = setup.client, setup.outbox
    outbox.subscribe(HOOK, ["*"])
    first, _ = _dead_letters(outbox, 2)
    answer = client.change("/dead/replay", id=str(first), since="2000-01-01T00:00", all="1")
    assert answer.status_code == 303 and "2%20dead%20deliveries" in answer.headers["location"]
    assert client.change("/dead/replay", all="1").status_code == 400  # "Recover" with no time
    assert client.change("/quarantine/replay", id="x", all="1").status_code == 400


@pytest.mark.parametrize("url", ["javascript:alert(1)", "not a url", "ftp://files.example.com/", "https://"])
def test_a_subscription_is_to_a_web_address(setup: Setup, url: str) -> None:
    client, outbox = setup.client, setup.outbox
    assert client.change("/subscriptions", url=url, events="*").status_code == 400
    sub = outbox.subscribe(HOOK, ["*"])
    assert client.change(f"/subscriptions/{sub.id}", url=url, events="*").status_code == 400
    assert [s.url for s in outbox.subscriptions()] == [HOOK]


def test_a_live_refresh_after_the_session_ended_is_refused_not_sent_to_the_login(setup: Setup) -> None:
    with httpx.Client(base_url=setup.url) as client:
        for path in ("/?partial=1", "/deliveries?partial=1"):
            assert client.get(path, headers={"accept": "text/html"}).status_code == 401
        assert client.get("/deliveries").status_code == 303


def test_static_files_have_their_own_types_whatever_the_machine_says(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    mimetypes.init()
    monkeypatch.setitem(mimetypes.types_map, ".js", "text/plain")  # as some machines' registries have it
    answer = setup.client.get("/static/console.js")
    assert answer.headers["content-type"].startswith("text/javascript")
    assert setup.client.get("/static/console.css").headers["content-type"].startswith("text/css")


def test_the_login_goes_back_to_the_page_with_its_filters(setup: Setup) -> None:
    with httpx.Client(base_url=setup.url) as client:
        away = client.get("/deliveries", params={"state": "dead", "event": "deal.*"})
        assert away.status_code == 303
        shown = client.get(away.headers["location"])
        found = re.search(r'name="next" value="([^"]+)"', shown.text)
        assert found is not None
        back = client.post("/login", data={"user": "ops", "password": TOKEN, "next": html.unescape(found.group(1))})
        assert back.headers["location"] == "/deliveries?state=dead&event=deal.%2A"


def test_an_operators_slips_get_a_4xx_and_change_nothing(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    console = Console(outbox, EVENTS, SQLiteAudit(str(tmp_path / "outbox.db")))  # no quarantine
    with uvicorn_server(ConsoleApp(console, Logins(token=TOKEN))) as url, Signed(base_url=url) as client:
        _log_in(client)
        sub = outbox.subscribe(HOOK, ["*"])
        outbox.set_enabled(sub.id, False, "maintenance")
        assert client.change(f"/subscriptions/{sub.id}/test", event="deal.close").status_code == 400
        assert client.change("/dead/replay").status_code == 400  # nothing ticked, no time
        assert client.change("/quarantine/replay", since="2000-01-01T00:00").status_code == 404
        assert client.change(f"/subscriptions/{sub.id}/rotate", overlap_hours="nan").status_code == 400
        audit = client.get("/audit").text
        assert "<td>login</td>" in audit and "subscription." not in audit and "replay" not in audit
    outbox.close()
