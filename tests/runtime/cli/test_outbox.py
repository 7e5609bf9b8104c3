"""The outbox commands as a user runs them: subscribe, emit, worker, status, replay, purge."""

from __future__ import annotations

import argparse
import json
import signal
import subprocess
import time
from pathlib import Path

import pytest

from generator.runtime.cli.outbox import duration
from generator.runtime.outbox import Attempt
from generator.runtime.outbox.sqlite import SQLiteOutbox
from tests.helpers import SDK_ENV
from tests.runtime.outbox.support import event

from .support import SDK, sdk


def status(outbox: str) -> dict[str, object]:
    done = sdk("status", "--json", "--outbox", outbox)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def test_subscribe_emit_worker_status_replay(tmp_path: Path) -> None:
    outbox = f"sqlite:///{tmp_path / 'outbox.db'}"
    subscribed = sdk("subscribe", "http://127.0.0.1:9/hook", "--events", "deal.*", "--outbox", outbox)
    assert subscribed.returncode == 0, subscribed.stderr
    assert json.loads(subscribed.stdout)["events"] == ["deal.*"]

    emitted = sdk("emit", "deal.close", "--data", '{"did": 1042, "summa": "10.00"}', "--outbox", outbox)
    assert emitted.returncode == 0 and emitted.stdout.startswith("msg_"), emitted.stderr
    assert sdk("emit", "client.add", "--data", '{"clid": 5}', "--outbox", outbox).returncode == 0
    assert sdk("emit", "deal.close", "--data", '{"did": 0}', "--outbox", outbox).returncode == 2
    first = status(outbox)
    assert (first["pending"], first["delivered"], first["dead"]) == (1, 0, 0)

    # Port 9 refuses connections; with a one-step schedule the single attempt ends in the dead letter.
    worker = subprocess.Popen(
        [*SDK, "worker", "--outbox", outbox, "--retry-schedule", "0", "--allow-private", "127.0.0.0/8"],
        env=SDK_ENV,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while status(outbox)["dead"] != 1 and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.send_signal(signal.SIGTERM)
        _, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0 and "worker stopped" in stderr
    dead = status(outbox)
    assert (dead["pending"], dead["dead"]) == (0, 1)
    (row,) = dead["subscriptions"]  # type: ignore[misc]
    assert row["failures"] == 1 and row["subscription"]["url"] == "http://127.0.0.1:9/hook"

    replayed = sdk("replay", "--dead", "--outbox", outbox)
    assert replayed.returncode == 0 and "1 deliveries pending again" in replayed.stderr
    assert status(outbox)["pending"] == 1
    assert sdk("replay", emitted.stdout.strip(), "--outbox", outbox).returncode == 0


def test_worker_refuses_a_bad_retry_schedule(tmp_path: Path) -> None:
    done = sdk("worker", "--outbox", f"sqlite:///{tmp_path / 'o.db'}", "--retry-schedule", "0,-5")
    assert done.returncode == 2 and "retry-schedule" in done.stderr


def test_purge_removes_what_was_delivered_and_with_dead_the_dead_letters(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'outbox.db'}"
    outbox = SQLiteOutbox(tmp_path / "outbox.db")
    outbox.subscribe("http://127.0.0.1:9/hook", ["*"])
    outbox.add([event(), event(), event()])
    done, gone, _ = outbox.claim("worker", limit=10)
    outbox.record(done, "worker", Attempt(time.time(), 0.01, 200, "ok", "delivered"))
    outbox.record(gone, "worker", Attempt(time.time(), 0.01, 500, "no", "dead"))
    outbox.close()

    kept = sdk("purge", "--older-than", "1h", "--outbox", url)
    assert kept.returncode == 0 and "0 deliveries and events removed" in kept.stderr
    purged = sdk("purge", "--outbox", url)
    assert purged.returncode == 0 and "2 deliveries and events removed" in purged.stderr, purged.stderr
    assert (status(url)["pending"], status(url)["delivered"], status(url)["dead"]) == (1, 0, 1)
    dead = sdk("purge", "--dead", "--before", str(time.time() + 1), "--outbox", url)
    assert dead.returncode == 0 and "2 deliveries and events removed" in dead.stderr
    assert (status(url)["pending"], status(url)["dead"]) == (1, 0)


def test_durations_on_the_command_line() -> None:
    assert [duration(text) for text in ("7d", "12h", "30m", "90s", "2.5", "off")] == [
        7 * 86400, 12 * 3600, 1800, 90, 2.5, None,
    ]  # fmt: skip
    for bad in ("-1d", "soon", "d", ""):
        with pytest.raises(argparse.ArgumentTypeError):
            duration(bad)
    done = sdk("worker", "--outbox", "sqlite:///nowhere.db", "--retention", "forever")
    assert done.returncode == 2 and "retention" in done.stderr
