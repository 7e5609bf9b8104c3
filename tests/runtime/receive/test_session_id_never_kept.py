"""SalesMan's `ses` (the CRM user's session id: a credential), sent by real PHP in hop 1 and in the legacy hop 2,
appears in nothing the receiver writes: not `listen`'s printed lines or log, not its SQLite files (WAL included), not
what `quarantine list | show | replay` print, not a Redis quarantine, not a log record — whether the request was
typed, failed validation, named an event the spec lacks or could not be decoded."""

from __future__ import annotations

import json
import logging
import secrets
import subprocess
from pathlib import Path
from typing import Any

import pytest
import redis

from salesman_events import ReceivedEvent, Receiver
from salesman_events._runtime.receive.dedupe import RedisStore
from salesman_events._runtime.receive.quarantine import RedisQuarantine
from tests.helpers import REDIS_URL, SDK_ENV, uvicorn_server
from tests.runtime.cli.support import SDK, TOKEN, listening

from .salesman_php import SALESMAN_PHP, Sent, WireForm, hop1_target, php_with_curl, send

# A fresh value each run (as PHP's session ids, [0-9a-v]): no file left by an earlier run can hide a leak.
SESSION = "sess" + secrets.token_hex(14)
CASES = SALESMAN_PHP / "session_cases.php"
FORMS: tuple[WireForm, ...] = ("hop1", "legacy-hop2")  # the two forms that carry `ses` to the receiver
# What each request of session_cases.php gets, in its order: (event, status, the quarantine's reason).
OUTCOMES = [
    ("deal.close", 200, None),
    ("deal.close", 202, "validation_failed"),
    ("deal.klose", 202, "unknown_event"),
    ("client.edit", 202, "malformed_form"),
]
KEPT_PER_FORM = sum(1 for *_, reason in OUTCOMES if reason)


@pytest.fixture(scope="module")
def php() -> str:
    return php_with_curl()


def fire(php: str, receiver_url: str, workdir: Path) -> list[str]:
    """session_cases.php through hop 1 and the legacy hop 2 to `receiver_url`, each getting what OUTCOMES says (and
    no answer holding `ses`); the ids of the requests kept in the quarantine."""
    events = sorted({event for event, *_ in OUTCOMES})
    kept: list[str] = []
    for form in FORMS:
        (workdir / form).mkdir(parents=True)
        with hop1_target(form, php, receiver_url, events, workdir / form) as url:
            fired = send(php, CASES, url, SESSION)
        assert [outcome(form, sent) for sent in fired] == OUTCOMES, [sent.describe(form) for sent in fired]
        assert holding(SESSION, {f"answer to {form} {sent.event}": sent.body.encode() for sent in fired}) == []
        kept += [answer.json()["id"] for sent in fired for answer in sent.answers(form) if answer.status == 202]
    return kept


def sdk_at_once(commands: dict[str, tuple[str, ...]], cwd: Path) -> dict[str, tuple[bytes, bytes]]:
    """`salesman-events ARGS` for each of `commands`, all at once (each spends most of its second importing); what
    each printed (stdout, stderr) by name. Each must succeed."""
    running = {
        name: subprocess.Popen([*SDK, *args], env=SDK_ENV, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        for name, args in commands.items()
    }
    outputs: dict[str, tuple[bytes, bytes]] = {}
    for name, process in running.items():
        outputs[name] = process.communicate(timeout=60)
        assert process.returncode == 0, f"{name}: {outputs[name][1].decode(errors='replace')}"
    return outputs


def outcome(form: WireForm, sent: Sent) -> tuple[str, int, str | None]:
    (answer,) = sent.answers(form)
    return sent.event, answer.status, answer.json().get("reason")


def files_under(root: Path) -> dict[str, bytes]:
    """Every file below `root`, as raw bytes, by its path relative to `root`."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def holding(secret: str, where: dict[str, bytes]) -> list[str]:
    """The names of the places whose bytes hold `secret`."""
    return sorted(name for name, data in where.items() if secret.encode() in data)


def test_ses_is_in_no_output_or_file_of_listen(php: str, tmp_path: Path) -> None:
    """`salesman-events listen` with SQLite quarantine and seen-id store, then the operator's quarantine commands."""
    receiving, crm = tmp_path / "receiver", tmp_path / "crm"
    receiving.mkdir()
    stores = ("--quarantine", "sqlite:///kept.db", "--store", "sqlite:///seen.db")
    with listening(receiving, *stores) as url:
        kept = fire(php, url, crm)
        running = files_under(receiving)  # while listen runs: the SQLite -wal and -shm files are there
    assert {"kept.db", "kept.db-wal", "seen.db", "listen.out", "listen.err"} <= set(running)
    lines = [json.loads(line) for line in (receiving / "listen.out").read_text().splitlines()]
    assert [(line["event"], line["payload"]["did"]) for line in lines] == [("deal.close", 1042)] * len(FORMS)

    quarantine = ("--store", "sqlite:///kept.db")
    # One `show` per reason (the legacy hop 2's: PHP re-encoded those), to bound the processes started.
    commands: dict[str, tuple[str, ...]] = {
        f"quarantine show {i}": ("quarantine", "show", i, *quarantine) for i in kept[-KEPT_PER_FORM:]
    }
    commands["quarantine list"] = ("quarantine", "list", *quarantine, "--json")
    commands["quarantine replay"] = ("quarantine", "replay", *quarantine)
    printed = sdk_at_once(commands, receiving)
    listed = json.loads(printed["quarantine list"][0])
    assert sorted(k["id"] for k in listed) == sorted(kept) and len(kept) == KEPT_PER_FORM * len(FORMS)
    assert all(b'"body"' in out for name, (out, _) in printed.items() if " show " in name), printed
    outputs = {f"{name} (stdout)": out for name, (out, _) in printed.items()}
    outputs |= {f"{name} (stderr)": err for name, (_, err) in printed.items()}

    stopped = files_under(receiving)  # after listen stopped, and the operator's commands
    assert holding(SESSION, {**{f"running: {n}": d for n, d in running.items()}, **stopped}) == []
    assert holding(SESSION, outputs) == []
    assert holding(SESSION, files_under(crm)) == []  # the CRM's side: the webhook table, php -S's log
    assert holding(TOKEN, {**running, **stopped, **outputs}) == []  # the URL token: a credential too


def redis_values(client: redis.Redis, prefix: str) -> dict[str, bytes]:
    """Every key under `prefix` with all it holds (strings, hash fields and values, members), by key name."""
    values: dict[str, bytes] = {}
    for key in client.scan_iter(match=prefix + "*", count=1000):
        kind = _raw(client.type(key)).decode()
        parts: list[Any] = [key]
        if kind == "string":
            parts.append(client.get(key) or b"")
        elif kind == "hash":
            parts += [item for pair in client.hgetall(key).items() for item in pair]
        elif kind == "zset":
            parts += client.zrange(key, 0, -1)
        elif kind == "list":
            parts += client.lrange(key, 0, -1)
        elif kind == "set":
            parts += client.smembers(key)
        else:
            raise AssertionError(f"{key!r}: a Redis {kind} this test cannot read")
        values[_raw(key).decode()] = b"\0".join(map(_raw, parts))
    return values


def _raw(value: Any) -> bytes:
    """A Redis reply (bytes, as the client decodes nothing) as bytes."""
    assert isinstance(value, bytes), value
    return value


def test_ses_is_in_no_redis_key_or_log_record(
    php: str, tmp_path: Path, redis_prefix: tuple[redis.Redis, str], caplog: pytest.LogCaptureFixture
) -> None:
    """A receiver under uvicorn keeping in a Redis quarantine with a Redis seen-id store, under the test's prefix."""
    client, prefix = redis_prefix
    quarantine = RedisQuarantine(REDIS_URL, prefix=f"{prefix}quarantine:")
    store = RedisStore(REDIS_URL, prefix=f"{prefix}seen:")
    receiver = Receiver(token=TOKEN, store=store, quarantine=quarantine)
    handled: list[str] = []

    def keep_what_handlers_get(event: ReceivedEvent) -> None:
        handled.append(event.payload.model_dump_json())

    receiver.on_any(keep_what_handlers_get)
    caplog.set_level(logging.DEBUG)
    try:
        with uvicorn_server(receiver) as base:
            fire(php, f"{base}/?token={TOKEN}", tmp_path)
        assert quarantine.count() == KEPT_PER_FORM * len(FORMS)
        kept = redis_values(client, prefix)
    finally:
        quarantine.close()
        store.close()
    assert len(kept) > KEPT_PER_FORM * len(FORMS)  # the kept requests and the index
    assert len(handled) == len(FORMS)
    assert "kept q_" in caplog.text  # the quarantine's log lines were captured
    assert holding(SESSION, kept) == []
    assert holding(SESSION, {"log": caplog.text.encode(), "handlers": "\n".join(handled).encode()}) == []
