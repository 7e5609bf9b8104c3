"""Retention, on every engine of `support.ENGINES`: what `purge` removes and keeps, and a short soak in which a real
worker delivering to a loopback receiver, with a tiny retention, keeps the outbox from growing under steady load."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest

from generator.runtime.deliver.retry import RetryPolicy
from generator.runtime.deliver.worker import Worker, WorkerThread
from generator.runtime.outbox import Outbox
from tests.helpers import uvicorn_server, wait_until

from .support import HOOK, attempt, claim_all, counts, event, footprint

SOAK_SECONDS = 3.0
SOAK_RATE = 300  # events a second, 1 in 10 of them to no subscription
RETENTION = 0.3
# What each delivered event leaves without retention: rows (an event, a delivery, an attempt), or Redis keys (event,
# delivery, attempts) and index entries (`events:time`, `finished`).
UNITS = {"sqlite": 3, "redis": 5, "postgres": 3}


def finish(outbox: Outbox, outcomes: dict[str, str]) -> dict[str, int]:
    """Claim everything and record each event's outcome by event name; returns delivery ids by event name."""
    ids = {}
    for due in claim_all(outbox):
        outcome: Any = outcomes[due.event.name]
        assert outbox.record(due, "worker", attempt(outcome, 200 if outcome == "delivered" else 500))
        ids[due.event.name] = due.delivery_id
    return ids


def test_purge_removes_what_was_delivered_and_keeps_the_pending_and_the_dead(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["deal.*"])
    delivered, dead, nowhere = event("deal.close"), event("deal.open"), event("task.add")
    outbox.add([delivered, dead, nowhere])
    ids = finish(outbox, {"deal.close": "delivered", "deal.open": "dead"})
    pending = event("deal.edit")  # the newest event and delivery: SQLite never removes those
    outbox.add([pending])
    assert counts(outbox.status()) == (1, 1, 1)

    assert outbox.purge(time.time() - 60) == 0  # all of it is younger than that
    removed = outbox.purge(time.time() + 1)
    assert removed == 3  # the delivered delivery, its event, the event that went nowhere
    assert counts(outbox.status()) == (1, 0, 1)
    assert outbox.attempts(ids["deal.close"]) == []
    assert outbox.replay(event_id=delivered.id) == 0
    assert outbox.purge(time.time() + 1) == 0

    assert outbox.purge(time.time() + 1, dead=True) == 2  # the dead letter and its event
    assert counts(outbox.status()) == (1, 0, 0)
    assert outbox.attempts(ids["deal.open"]) == []
    assert outbox.replay(dead=True) == 0
    assert [due.event for due in claim_all(outbox)] == [pending]


def test_purge_goes_in_steps_and_spares_an_event_until_its_last_delivery_is_done(outbox: Outbox) -> None:
    outbox.subscribe(HOOK + "a", ["*"])
    outbox.subscribe(HOOK + "b", ["*"])
    events = [event() for _ in range(12)]
    outbox.add(events)
    dues = claim_all(outbox)
    waiting = next(due for due in dues if due.event == events[0] and due.subscription.url == HOOK + "b")
    for due in dues:
        if due is not waiting:
            assert outbox.record(due, "worker", attempt())
    outbox.add([event()])  # the newest, pending (twice)

    steps = []
    while step := outbox.purge(time.time() + 1, limit=5):
        assert step <= 10
        steps.append(step)
    assert sum(steps) == 23 + 11 and len(steps) >= 5  # 23 deliveries; 11 events (not the one still being delivered)
    assert outbox.record(waiting, "worker", attempt())
    assert outbox.purge(time.time() + 1) == 2  # its last delivery, then the event
    assert counts(outbox.status()) == (2, 0, 0)


def test_a_replayed_delivery_is_not_purged_until_it_is_delivered_again(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    kept = event()
    outbox.add([kept])
    (due,) = claim_all(outbox)
    assert outbox.record(due, "worker", attempt())
    outbox.add([event()])
    assert outbox.replay(event_id=kept.id) == 1
    assert outbox.purge(time.time() + 1) == 0
    again = next(d for d in claim_all(outbox) if d.event == kept)
    assert outbox.record(again, "worker", attempt())
    assert outbox.purge(time.time() + 1) == 2


async def _ok(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """A receiver that answers 200 to everything."""
    if scope["type"] == "lifespan":
        while (message := await receive())["type"] != "lifespan.shutdown":
            await send({"type": f"{message['type']}.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    while (await receive()).get("more_body"):
        pass
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-length", b"2")]})
    await send({"type": "http.response.body", "body": b"ok"})


@pytest.fixture
def receiver() -> Iterator[str]:
    with uvicorn_server(_ok) as url:
        yield url


def test_under_steady_load_a_tiny_retention_keeps_the_outbox_from_growing(
    location: tuple[str, str], outbox: Outbox, receiver: str
) -> None:
    outbox.subscribe(receiver + "/hook", ["deal.*"])
    worker = Worker(
        outbox, concurrency=16, poll=0.02, allow=["127.0.0.0/8"], retention=RETENTION, purge_every=0.1,
        policy=RetryPolicy((0.0, 0.1), jitter=0.0),
    )  # fmt: skip
    thread = WorkerThread(worker)
    sizes: list[tuple[float, int]] = []
    emitted = 0
    try:
        started = time.monotonic()
        while (elapsed := time.monotonic() - started) < SOAK_SECONDS:
            outbox.add([event("deal.close" if (emitted + i) % 10 else "task.add") for i in range(SOAK_RATE // 20)])
            emitted += SOAK_RATE // 20
            sizes.append((elapsed, footprint(*location)))
            time.sleep(max(0.0, emitted / SOAK_RATE - (time.monotonic() - started)))
        wait_until("every delivery made", lambda: outbox.status().pending == 0, timeout=20)
        settled = wait_until("the outbox emptied by retention", lambda: footprint(*location) <= 12, timeout=10)
    finally:
        thread.stop(10)
    assert worker.stats.delivered == emitted - emitted // 10 and worker.stats.purged > emitted
    middle = max(size for at, size in sizes if SOAK_SECONDS / 3 <= at < 2 * SOAK_SECONDS / 3)
    last = max(size for at, size in sizes if at >= 2 * SOAK_SECONDS / 3)
    unpurged = UNITS[location[0]] * emitted  # about what it would hold without retention
    assert last <= 1.3 * middle + 60, (middle, last, sizes)
    assert last < unpurged / 2, (last, unpurged)
    assert settled is True
