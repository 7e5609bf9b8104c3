"""The worker's log of failing deliveries: the first failure of a subscription with its reason, then a count at most
once a minute, then one line when it delivers again; never a line per attempt."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import pytest

from generator.runtime.deliver import worker as worker_module
from generator.runtime.deliver.worker import Worker
from generator.runtime.outbox import Attempt, Due, Subscription
from generator.runtime.outbox.sqlite import SQLiteOutbox
from tests.runtime.outbox.support import event

REFUSED = "BlockedAddress: refusing to connect to 127.0.0.1 (loopback) for http://127.0.0.1:8000/"


def due(subscription: Subscription, attempt: int) -> Due:
    return Due(attempt, event(), subscription, attempt)


def failure(response: str = REFUSED, status: int | None = None) -> Attempt:
    return Attempt(time.time(), 0.001, status, response, "retry", time.time() + 300)


def test_failures_are_logged_once_then_counted_then_recovery_is_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    worker = Worker(SQLiteOutbox(tmp_path / "outbox.db"))
    local, remote = Subscription(1, "http://127.0.0.1:8000/", ("*",)), Subscription(2, "https://x.example/", ("*",))
    with caplog.at_level(logging.WARNING):
        for attempt in range(1, 51):
            worker._count(due(local, attempt), failure(), kept=True)
        worker._count(due(remote, 1), failure("busy", 503), kept=True)
    lines = [record.getMessage() for record in caplog.records]
    assert len(lines) == 2 and worker.stats.retried == 51
    assert lines[0].startswith("delivery to subscription 1 (http://127.0.0.1:8000/) failed: BlockedAddress")
    assert "worker --allow-private CIDR" in lines[0] and "retried at " in lines[0]
    assert lines[1].startswith("delivery to subscription 2 (https://x.example/) failed: HTTP 503: busy;")
    assert "allow-private" not in lines[1]

    caplog.clear()
    monkeypatch.setattr(worker_module, "FAILURE_LOG_SECONDS", 0.0)  # a minute has passed
    with caplog.at_level(logging.WARNING):
        worker._count(due(local, 51), failure(), kept=True)
        worker._count(due(local, 52), Attempt(time.time(), 0.01, 200, "ok", "delivered"), kept=True)
        worker._count(due(local, 53), Attempt(time.time(), 0.01, 200, "ok", "delivered"), kept=True)
    lines = [record.getMessage() for record in caplog.records]
    assert lines == [
        f"subscription 1 (http://127.0.0.1:8000/): 50 more failures, the last: {REFUSED}; to deliver there, allow it: "
        "worker --allow-private CIDR, or Worker(allow=[CIDR])",
        "subscription 1 (http://127.0.0.1:8000/) delivers again",
    ]
