"""What an operator meets first, as they meet it on the command line: `send --token`, a failing delivery that says
why (worker log, `status`) and `worker --now`, malformed secrets refused in one line, secrets shown once, idempotent
`subscribe`, outbox URLs, and "did you mean" for an unknown event."""

from __future__ import annotations

import json
import re
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from salesman_events import Receiver
from tests.helpers import SDK_ENV

from .support import SDK, TOKEN, listening, sdk

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
DEAL = '{"did": 1042}'
FAST_THEN_AN_HOUR = "0,0.2,0.2,0.2,3600"  # four attempts within a second, then a retry an hour later
WORKER_SECONDS = 30.0  # the longest a worker of these tests runs


def one_line_error(done: subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The single stderr line of a refused command, checked to be one line and no traceback."""
    assert done.returncode == code, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr and len(done.stderr.strip().splitlines()) == 1, done.stderr
    return done.stderr.strip()


@pytest.fixture
def hook(tmp_path: Path) -> Iterator[str]:
    """A `listen --token` receiver's URL with its token, output in tmp_path/listen.out."""
    with listening(tmp_path) as url:
        yield url


def received(workdir: Path) -> list[dict[str, object]]:
    text = (workdir / "listen.out").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# --- 1. send --token ------------------------------------------------------------------------------------------------


def test_send_token_reaches_a_token_receiver_and_without_it_gets_bad_token(tmp_path: Path, hook: str) -> None:
    base = hook.split("?")[0]
    refused = sdk("send", "deal.close", "--url", base, "--data", DEAL, "--format", "salesman")
    assert refused.returncode == 1 and refused.stdout.startswith("401 ") and "bad_token" in refused.stdout
    sent = sdk("send", "deal.close", "--url", base, "--token", TOKEN, "--data", DEAL, "--format", "salesman")
    assert sent.returncode == 0 and sent.stdout.startswith("200 "), sent.stdout + sent.stderr
    as_get = sdk("send", "deal.close", "--url", base + "?x=1", "--token", TOKEN, "--data", DEAL, "--method", "GET")
    assert as_get.returncode == 0, as_get.stdout + as_get.stderr  # the token joins the URL's own query and the event's
    deadline = time.monotonic() + 10
    while len(received(tmp_path)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    posted, got = (line["payload"] for line in received(tmp_path))
    assert posted == {"event": "deal.close", "did": 1042}
    assert got == {"did": 1042, "x": "1"}  # unknown keys are kept: the URL's own query reached the receiver too


# --- 3. a failing delivery says why; worker --now, replay --pending -------------------------------------------------


def figures(outbox: str) -> dict[str, Any]:
    done = sdk("status", "--json", "--outbox", outbox)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def run_worker(outbox: str, *options: str, until: Callable[[dict[str, Any]], bool]) -> str:
    """`worker` until `until(status)` holds (at most WORKER_SECONDS), stopped as Ctrl-C stops it; its stderr."""
    worker = subprocess.Popen(
        [*SDK, "worker", "--outbox", outbox, *options], env=SDK_ENV, stderr=subprocess.PIPE, text=True
    )
    deadline = time.monotonic() + WORKER_SECONDS
    while time.monotonic() < deadline and not until(figures(outbox)):
        time.sleep(0.2)
    worker.send_signal(signal.SIGINT)
    _, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr
    return stderr


def failed(count: int) -> Callable[[dict[str, Any]], bool]:
    return lambda status: sum(row["failures"] for row in status["subscriptions"]) >= count


def test_a_refused_delivery_is_logged_once_shown_by_status_and_delivered_at_once_when_allowed(
    tmp_path: Path, hook: str
) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    assert sdk("subscribe", hook, "--events", "deal.*", "--outbox", outbox).returncode == 0
    event_id = sdk("emit", "deal.close", "--data", DEAL, "--outbox", outbox).stdout.strip()

    log = run_worker(outbox, "--retry-schedule", FAST_THEN_AN_HOUR, until=failed(4))  # 127.0.0.1 is not allowed
    failures = [line for line in log.splitlines() if "failed" in line]
    assert len(failures) == 1, log  # four failed attempts, one line
    assert "refusing to connect to 127.0.0.1" in failures[0] and "--allow-private" in failures[0]
    assert "retried 4" in log.splitlines()[-1], log  # and the count in the worker's summary

    (row,) = figures(outbox)["subscriptions"]
    assert row["failures"] == 4 and "refusing to connect to 127.0.0.1" in row["last_error"]
    assert 2_800 < row["next_attempt_at"] - time.time() < 4_400  # an hour off, ±20 % jitter
    text = sdk("status", "--outbox", outbox).stdout
    assert re.search(r"next try in (4[6-9]|[56]\d|7[0-2])m \d+s", text), text  # an hour off, ±20 % jitter
    assert "last failure" in text and "refusing to connect to 127.0.0.1" in text
    shown = json.dumps(figures(outbox)) + text + log
    assert TOKEN not in shown and "?token=…" in shown  # the receiver's token is a credential: never shown

    started = time.monotonic()
    log = run_worker(outbox, "--allow-private", "127.0.0.0/8", "--now", until=lambda status: status["delivered"] == 1)
    assert "1 pending deliveries made due now" in log and time.monotonic() - started < WORKER_SECONDS, log
    assert [line["id"] for line in received(tmp_path)] == [event_id]


def test_replay_pending_makes_a_waiting_delivery_due_now(tmp_path: Path) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    assert sdk("subscribe", "http://127.0.0.1:9/", "--outbox", outbox).returncode == 0
    assert sdk("emit", "deal.close", "--data", DEAL, "--outbox", outbox).returncode == 0
    run_worker(outbox, "--retry-schedule", "0,3600", "--allow-private", "127.0.0.0/8", until=failed(1))
    (row,) = figures(outbox)["subscriptions"]
    assert row["next_attempt_at"] > time.time() + 2_000 and "127.0.0.1:9" in row["last_error"]
    replayed = sdk("replay", "--pending", "--outbox", outbox)
    assert replayed.returncode == 0 and "1 deliveries pending again, due now" in replayed.stderr
    (row,) = figures(outbox)["subscriptions"]
    assert row["next_attempt_at"] <= time.time()


# --- 4. malformed secrets, refused where given -------------------------------------------------------------------


@pytest.mark.parametrize("secret", ["notbase64!!", "whsec_…bad", "whsec_"])
def test_a_malformed_secret_is_refused_in_one_line(tmp_path: Path, secret: str) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    line = one_line_error(sdk("subscribe", "http://127.0.0.1:9/", "--secret", secret, "--outbox", outbox))
    assert "webhook secret" in line and secret not in line
    assert json.loads(sdk("status", "--json", "--outbox", outbox).stdout)["subscriptions"] == []
    sent = sdk("send", "deal.close", "--url", "http://127.0.0.1:9/", "--data", DEAL, "--secret", secret)
    assert "webhook secret" in one_line_error(sent)
    with pytest.raises(ValueError, match="webhook secret"):
        Receiver(secrets=[secret])


# --- 5. a secret is shown once ---------------------------------------------------------------------------------------


def test_a_new_secret_is_shown_once_and_never_again(tmp_path: Path) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    made = sdk("subscribe", "http://127.0.0.1:9/", "--new-secret", "--secret", SECRET, "--outbox", outbox)
    assert made.returncode == 0, made.stderr
    shown = json.loads(made.stdout)
    new_secret = shown["new_secret"]
    assert new_secret.startswith("whsec_") and shown["secrets"] == 2 and len(shown["secret_fingerprints"]) == 2
    for command in (("status", "--json"), ("status",)):
        done = sdk(*command, "--outbox", outbox)
        assert done.returncode == 0
        assert new_secret not in done.stdout and SECRET not in done.stdout and "whsec_" not in done.stdout
        assert shown["secret_fingerprints"][0] in done.stdout or command == ("status",)
    again = sdk("subscribe", "http://127.0.0.1:9/", "--outbox", outbox)
    assert "whsec_" not in again.stdout + again.stderr


# --- 6. subscribe is idempotent ----------------------------------------------------------------------------------


def test_subscribing_twice_updates_one_subscription_and_add_makes_a_second(tmp_path: Path) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    args = ("subscribe", "http://127.0.0.1:9/", "--events", "deal.*", "--format", "salesman", "--outbox", outbox)
    first, again = json.loads(sdk(*args).stdout), json.loads(sdk(*args, "--secret", SECRET).stdout)
    assert first["created"] and not again["created"] and again["id"] == first["id"] and again["secrets"] == 1
    assert len(json.loads(sdk("status", "--json", "--outbox", outbox).stdout)["subscriptions"]) == 1
    second = json.loads(sdk(*args, "--add").stdout)
    assert second["created"] and second["id"] != first["id"]
    assert len(json.loads(sdk("status", "--json", "--outbox", outbox).stdout)["subscriptions"]) == 2


def test_a_subscription_can_be_limited_to_salesman_tenants(tmp_path: Path) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    args = ("subscribe", "http://127.0.0.1:9/", "--outbox", outbox, "--identity", "7", "--identity", "9")
    made = json.loads(sdk(*args).stdout)
    assert made["created"] and sorted(made["identities"]) == [7, 9]
    for tenant in (7, 8, 9):
        assert (
            sdk(
                "emit", "deal.close", "--data", json.dumps({"did": 1, "identity": tenant}), "--outbox", outbox
            ).returncode
            == 0
        )
    status = json.loads(sdk("status", "--json", "--outbox", outbox).stdout)
    assert [s["pending"] for s in status["subscriptions"]] == [2]  # tenants 7 and 9, not 8


# --- 8. outbox URLs --------------------------------------------------------------------------------------------------


def test_an_unsupported_outbox_url_is_one_line_naming_the_supported_ones() -> None:
    line = one_line_error(sdk("status", "--outbox", "ftp://example.com/outbox"))
    for scheme in ("sqlite:///", "redis://", "rediss://", "unix://", "postgresql://"):
        assert scheme in line


def test_a_unix_socket_outbox_url_is_the_redis_engine(tmp_path: Path) -> None:
    line = one_line_error(sdk("status", "--outbox", f"unix://{tmp_path / 'redis.sock'}"), code=1)
    assert "Redis outbox" in line and "unreachable" in line and "unsupported" not in line


# --- 9. did you mean ----------------------------------------------------------------------------------------------


def test_an_unknown_event_gets_the_receivers_suggestion(tmp_path: Path) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    line = one_line_error(sdk("emit", "deal.klose", "--data", "{}", "--outbox", outbox))
    assert line == "unknown event 'deal.klose'; did you mean 'deal.close'?"
    sent = sdk("send", "deal.klose", "--url", "http://127.0.0.1:9/", "--data", "{}")
    assert one_line_error(sent) == line
