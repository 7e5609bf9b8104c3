"""End to end with real PHP: SalesMan-shaped `outSender` calls → the drop-in webhooks.php under `php -S` → the relay
command → the outbox → worker processes → a receiver that checks signatures. Every event arrives once per
subscription, signed, typed, in the subscription's format and without `ses`; and nothing is lost through kill -9 of
the relay and of the workers mid-stream, or while the relay is down (the drop-in's spool takes over)."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

from salesman_events import EVENTS

from .relay_stack import SESSION, kill, relay_stack, wait_for
from .salesman_expect import model_mismatches
from .salesman_php import SALESMAN_PHP, SHAPES, loopback_env, php_with_curl, send


@pytest.fixture(scope="module")
def php() -> str:
    return php_with_curl()


def test_every_event_arrives_once_signed_typed_and_without_ses(php: str, tmp_path: Path) -> None:
    formats = ("json", "salesman")
    with relay_stack(php, tmp_path, formats) as stack:
        stack.start_relay()
        stack.start_worker()
        sent = send(php, SHAPES, stack.crm_url, SESSION)
        refused = [s.describe("hop1") for s in sent if s.status != 200 or not json.loads(s.body).get("ok")]
        assert refused == [], refused
        wait_for("every delivery", lambda: stack.outbox_counts() == (0, len(formats) * len(sent), 0))
        logs = b"".join(p.read_bytes() for p in tmp_path.glob("*.log"))
    by_id = {json.loads(s.body)["id"]: s for s in sent}
    assert len(by_id) == len(sent), "each hop-1 call became its own event"
    for fmt in formats:
        arrived = stack.arrivals(f"/{fmt}")
        assert set(arrived) == set(by_id) and set(arrived.values()) == {1}, f"{fmt}: not once each"
    assert Counter(event.id for event in stack.typed) == dict.fromkeys(by_id, len(formats))
    problems = [
        f"{e.name} {e.id}: typed {type(e.payload).__name__}"
        for e in stack.typed
        if type(e.payload) is not EVENTS[e.name].payload_type
    ]
    problems += [
        f"{e.name} {e.id}: {p}" for e in stack.typed for p in model_mismatches(e.name, e.payload, by_id[e.id].args)
    ]
    assert problems == [], problems
    requests = stack.recording.requests
    assert all(r.headers["webhook-signature"].startswith("v1,") for r in requests)  # the receiver checked them
    assert {r.headers["content-type"] for r in requests} == {"application/json"}
    salesman = [json.loads(r.body) for r in requests if r.path == "/salesman"]  # SalesMan's own JSON: all strings
    assert salesman and all(type(body["identity"]) is str and "ses" not in body for body in salesman)
    assert all(type(json.loads(r.body)["identity"]) is int for r in requests if r.path == "/json")
    secret_bytes = SESSION.encode()
    assert not any(secret_bytes in r.body for r in requests)
    assert secret_bytes not in (tmp_path / "outbox.db").read_bytes() and secret_bytes not in logs
    assert not (tmp_path / "spool.jsonl").exists(), "nothing was spooled while the relay was up"


def test_kill_9_of_the_relay_and_workers_and_a_relay_down_lose_nothing(php: str, tmp_path: Path) -> None:
    total, pause_ms = 300, 10
    with relay_stack(php, tmp_path) as stack:
        relay, worker = stack.start_relay(), stack.start_worker()
        command = [php, str(SALESMAN_PHP / "stream.php"), stack.crm_url, "1", str(total), str(pause_ms)]
        stream = subprocess.Popen(command, env=loopback_env(SALESMAN_SES=SESSION), stdout=subprocess.PIPE, text=True)
        assert stream.stdout is not None
        handed: list[str] = []  # "did status body" of each hop-1 call, as the PHP side got its answer
        reader = threading.Thread(target=lambda: handed.extend(stream.stdout or ()), daemon=True)
        reader.start()
        kills = {"relay": 0, "worker": 0}
        wait_for("the stream to be under way", lambda: len(handed) >= 50)
        kill(relay)
        kills["relay"] += 1
        time.sleep(1.0)  # the relay is down: the drop-in spools
        relay = stack.start_relay()
        wait_for("more of the stream", lambda: len(handed) >= 150)
        kill(worker)
        kills["worker"] += 1
        worker = stack.start_worker()
        wait_for("more of the stream", lambda: len(handed) >= 220)
        kill(relay), kill(worker)
        kills["relay"] += 1
        kills["worker"] += 1
        relay, worker = stack.start_relay(), stack.start_worker()
        assert stream.wait(120) == 0
        reader.join(10)
        assert len(handed) == total
        answers = Counter(line.split(" ", 2)[1] for line in handed)
        assert set(answers) <= {"200", "202"}, f"the PHP side got something else than relayed or spooled: {answers}"
        assert answers["202"] > 0, "the spool never took over: the relay was not down during the stream"
        imported = stack.import_spool()
        assert imported.returncode == 0, imported.stderr
        again = stack.import_spool()
        assert again.returncode == 0 and f"0 relayed, {answers['202']} already relayed" in again.stderr, again.stderr

        def dids() -> set[int]:
            return {event.payload.did for event in stack.typed}

        wait_for("every did to arrive", lambda: dids() == set(range(1, total + 1)))
        wait_for("the outbox to be drained", lambda: stack.outbox_counts()[0] == 0)
    per_id = stack.arrivals("/json")
    repeated_deliveries = sum(n - 1 for n in per_id.values())
    events_per_did = Counter(event.payload.did for event in {e.id: e for e in stack.typed}.values())
    repeated_events = sum(n - 1 for n in events_per_did.values())
    in_flight = 8 * kills["worker"] + kills["relay"]
    print(
        f"\nrelay faults: {total} events handed over by PHP ({answers['200']} relayed, {answers['202']} spooled and "
        f"imported: {imported.stderr.strip().splitlines()[-1]}); {kills['relay']} kill -9 of the relay, "
        f"{kills['worker']} of the worker; all {total} delivered; {repeated_deliveries} repeated deliveries, "
        f"{repeated_events} events relayed twice (bound {in_flight})"
    )
    assert repeated_deliveries + repeated_events <= in_flight


def test_a_big_import_is_not_cut_by_max_input_vars(php: str, tmp_path: Path) -> None:
    """SalesMan's own hop 2 reads `$_REQUEST`, which PHP cuts at max_input_vars (1000): a `client.import` of 1,500
    clients loses its `event` there. The drop-in forwards hop 1's raw body, so the relay gets all of it."""
    count = 1500
    fire = (
        "require $argv[1]; [$status, $body] = fire_event($argv[2], 'client.import', "
        "['clids' => range(1, (int) $argv[3]), 'autor' => 3], ['identity' => 1, 'iduser1' => 3, 'ses' => 'x']);"
        "echo $status, ' ', $body;"
    )
    events_php = str(SALESMAN_PHP / "developer" / "events.php")
    # What SalesMan's hop 2 reads, at the same server: `$_REQUEST`'s event and how many clids it kept.
    probe = "<?php echo isset($_REQUEST['event']) ? 'event' : 'no event', ' ', count($_REQUEST['clids'] ?? []);"
    with relay_stack(php, tmp_path) as stack:
        (tmp_path / "crm" / "probe.php").write_text(probe, encoding="utf-8")
        stack.start_relay()
        answers = []
        for url in (stack.crm_url, stack.crm_url.replace("developer/webhooks.php", "probe.php")):
            command = [php, "-r", fire, events_php, url, str(count)]
            done = subprocess.run(command, env=loopback_env(), capture_output=True, text=True, timeout=60, check=True)
            answers.append(done.stdout)
    assert answers[0].startswith("200 "), answers
    assert answers[1] == "200 no event 1001", "PHP cuts $_REQUEST at this server, as in SalesMan's own hop 2"
    with sqlite3.connect(tmp_path / "outbox.db") as db:
        [(name, payload)] = db.execute("SELECT name, payload FROM events").fetchall()
    assert name == "client.import" and json.loads(payload)["clids"] == list(range(1, count + 1))
