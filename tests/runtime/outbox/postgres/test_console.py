"""The PostgreSQL outbox's own cases of the console's side: event patterns as `matches` has them, pages that end at
the oldest delivery, activity and last failures of only the attempts recorded, an edit seen by other handles, traces
in batches, and test events beside changes to the subscriptions without a deadlock."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator

import pytest

from generator.runtime.outbox import Attempt
from generator.runtime.outbox.browsing import DeliveryQuery
from generator.runtime.outbox.interface import matches
from generator.runtime.outbox.postgres import PostgresOutbox
from tests.helpers import POSTGRES_URL

from ..support import HOOK, claim_all, event

NAMES = ("deal.close", "deal.open", "task.add", "contact.create")


@pytest.fixture
def outbox(postgres_schema: str) -> Iterator[PostgresOutbox]:
    handle = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    yield handle
    handle.close()


@pytest.mark.parametrize("pattern", ["deal.*", "*", "deal.clos?", "[dt]*", "*.[!c]*", "deal.[co]*", "deal.close"])
def test_a_search_by_event_pattern_finds_what_matches_finds(outbox: PostgresOutbox, pattern: str) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event(name) for name in NAMES])
    found = {row.event for row in outbox.deliveries(DeliveryQuery(event=pattern)).rows}
    assert found == {name for name in NAMES if matches([pattern], name)}


def test_a_page_that_ends_at_the_oldest_delivery_says_nothing_is_left(outbox: PostgresOutbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event() for _ in range(4)])
    newest_first = [row.id for row in outbox.deliveries(DeliveryQuery()).rows]

    full = outbox.deliveries(DeliveryQuery(limit=2, before=newest_first[1]))  # filled by the oldest two
    assert [row.id for row in full.rows] == newest_first[2:] and full.next_before is None
    cut = outbox.deliveries(DeliveryQuery(scan=2, before=newest_first[1]))  # its scan ends on the oldest
    assert [row.id for row in cut.rows] == newest_first[2:] and cut.next_before is None
    assert outbox.deliveries(DeliveryQuery(scan=2)).next_before == newest_first[1]


def test_activity_and_last_failures_count_only_the_attempts_recorded(outbox: PostgresOutbox) -> None:
    sub = outbox.subscribe(HOOK, ["*"])
    outbox.add([event() for _ in range(3)])
    kept, lost, failed = claim_all(outbox, owner="worker")
    outbox.release([lost], "worker")  # its lease given back: its attempt can't be recorded
    now = time.time()
    outcomes = [
        (kept, Attempt(now, 0.01, 200, "ok", "delivered")),
        (lost, Attempt(now, 0.01, 500, "lost", "dead")),
        (failed, Attempt(now, 0.01, 503, "busy", "retry", now + 60)),
    ]
    assert outbox.record_all(outcomes, "worker") == [True, False, True]

    (row,) = outbox.activity(now)
    assert (row.subscription_id, row.delivered, row.failed) == (sub.id, 1, 1)
    assert outbox.last_failures()[sub.id].response == "busy"


def test_the_last_failure_of_a_batch_is_its_last_one(outbox: PostgresOutbox) -> None:
    sub = outbox.subscribe(HOOK, ["*"])
    outbox.add([event() for _ in range(3)])
    now = time.time()
    dues = claim_all(outbox)
    outcomes = [(due, Attempt(now, 0.01, 500 + n, f"no {n}", "dead")) for n, due in enumerate(dues)]
    assert outbox.record_all(outcomes, "worker") == [True] * 3
    assert (outbox.last_failures()[sub.id].status, outbox.activity(now)[0].failed) == (502, 3)


def test_an_edit_reaches_the_workers_of_other_handles(outbox: PostgresOutbox, postgres_schema: str) -> None:
    sub = outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    assert claim_all(outbox)[0].subscription.retire_after is None  # cached by this handle
    other = PostgresOutbox(POSTGRES_URL, schema=postgres_schema)
    try:
        other.update_subscription(sub.id, url=HOOK + "new", retire_after=5.0)
    finally:
        other.close()
    outbox.add([event()])
    (due,) = claim_all(outbox)
    assert (due.subscription.url, due.subscription.retire_after) == (HOOK + "new", 5.0)


def test_a_batch_keeps_the_traces_of_the_events_that_have_one(outbox: PostgresOutbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    traced, untraced = event()._replace(trace="00-" + "a" * 32 + "-" + "b" * 16 + "-01"), event()
    outbox.add([traced, untraced])
    outbox.add([event(), event()])  # a batch without any
    claimed = {due.event.id: due.event for due in claim_all(outbox)}
    assert claimed[traced.id] == traced and claimed[untraced.id] == untraced
    assert sorted(e.trace for e in claimed.values()) == ["", "", "", traced.trace]


def test_test_events_and_changes_to_the_subscriptions_at_once_never_deadlock(outbox: PostgresOutbox) -> None:
    target, other = outbox.subscribe(HOOK + "target", ["*"]), outbox.subscribe(HOOK + "other", ["*"])
    failures: list[BaseException] = []

    def add_to() -> None:
        for _ in range(60):
            outbox.add_to(target.id, [event()])

    def change() -> None:
        for n in range(12):
            outbox.update_subscription(target.id, url=f"{HOOK}target/{n}")
            outbox.set_enabled(other.id, n % 2 == 0)
            outbox.subscribe(f"{HOOK}{n}", ["*"], allow_duplicate=True)
            outbox.subscribe(f"{HOOK}target/{n}", ["*"], secrets=["whsec_" + "A" * 32])  # the target's secrets

    def guarded(work: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                work()
            except BaseException as error:  # reported by the test, not lost in its thread
                failures.append(error)

        return run

    threads = [threading.Thread(target=guarded(work)) for work in (add_to, add_to, change, change)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert outbox.queue_counts().depth == 2 * 60
