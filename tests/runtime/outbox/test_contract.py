"""The backend-neutral outbox suite, run on every engine of `support.ENGINES` (the `outbox` fixture)."""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable

import pytest

from generator.runtime.outbox import Attempt, Due, EventRecord, Outbox

from .support import EVERYTHING, HOOK, LEASE, Outcome, attempt, claim_all, counts, event, open_engine, rounded, routes

PROCESSES = 4
EVENTS_PER_PROCESS = 500
ADD_BATCH = 10
CLAIMING_THREADS = 4
RESPONSE_LIMIT = 2_000


# --- subscriptions and routing -------------------------------------------------------------------------------------


def test_add_routes_each_event_to_the_matching_enabled_subscriptions(outbox: Outbox) -> None:
    outbox.subscribe(HOOK + "exact", ["deal.close"])
    outbox.subscribe(HOOK + "deals", ["deal.*"])
    outbox.subscribe(HOOK + "all", ["*"])
    outbox.subscribe(HOOK + "two", ["contact.create", "task.done"])
    off = outbox.subscribe(HOOK + "off", ["*"])
    outbox.set_enabled(off.id, False, "paused")

    names = ["deal.close", "deal.open", "contact.create", "invoice.paid"]
    assert outbox.add([event(name) for name in names]) == 3 + 2 + 2 + 1

    assert routes(claim_all(outbox)) == {
        ("deal.close", HOOK + "exact"),
        ("deal.close", HOOK + "deals"),
        ("deal.close", HOOK + "all"),
        ("deal.open", HOOK + "deals"),
        ("deal.open", HOOK + "all"),
        ("contact.create", HOOK + "all"),
        ("contact.create", HOOK + "two"),
        ("invoice.paid", HOOK + "all"),
    }


def tenant_event(name: str, identity: object) -> EventRecord:
    """An event of SalesMan's tenant `identity` (as the relay stores it: the payload's top-level `identity`)."""
    return EventRecord(f"msg_{uuid.uuid4().hex}", name, json.dumps({"event": name, "identity": identity}).encode(), 1.0)


def test_a_subscription_limited_to_tenants_gets_only_their_events(outbox: Outbox) -> None:
    """One outbox serves several SalesMan tenants: a subscription with `identities` gets the events whose payload's
    `identity` is one of them (in a batch mixing tenants too), one without gets every tenant's."""
    every = outbox.subscribe(HOOK + "every", ["deal.*"])
    first = outbox.subscribe(HOOK + "first", ["deal.close"], identities=[1])
    others = outbox.subscribe(HOOK + "others", ["deal.*", "client.add"], identities=[3, 2, 3])
    assert (every.identities, first.identities, others.identities) == ((), (1,), (2, 3))
    tenants: list[tuple[str, object]] = [
        ("deal.close", 1), ("deal.close", 2), ("deal.open", "3"),
        ("client.add", 4), ("client.add", 2), ("deal.close", None),
    ]  # fmt: skip
    batch = [tenant_event(name, identity) for name, identity in tenants]
    assert outbox.add(batch) == 4 + 1 + 1 + 1 + 1  # every: deal.*; first: tenant 1; others: 2, "3", client.add 2
    assert outbox.add([tenant_event("deal.close", 1)]) == 2  # a single event, as the relay commits one
    got = Counter((d.event.id, d.subscription.url) for d in claim_all(outbox))
    assert set(got.values()) == {1}
    by_event = {e.id: {url for (i, url) in got if i == e.id} for e in batch}
    assert [sorted(by_event[e.id]) for e in batch] == [
        [HOOK + "every", HOOK + "first"],
        [HOOK + "every", HOOK + "others"],
        [HOOK + "every", HOOK + "others"],
        [],
        [HOOK + "others"],
        [HOOK + "every"],
    ]
    assert [s.identities for s in outbox.subscriptions()] == [(), (1,), (2, 3)]


def test_subscribing_again_with_other_tenants_is_another_subscription(outbox: Outbox) -> None:
    one = outbox.subscribe(HOOK, ["deal.close"], format="salesman", identities=[1])
    assert outbox.subscribe(HOOK, ["deal.close"], format="salesman", identities=[1]).id == one.id
    two = outbox.subscribe(HOOK, ["deal.close"], format="salesman", identities=[2])
    assert two.id != one.id and len(outbox.subscriptions()) == 2
    for wrong in ([0], ["1"], [True]):
        with pytest.raises(ValueError, match="identities"):
            outbox.subscribe(HOOK, ["deal.close"], identities=wrong)  # type: ignore[list-item]


def test_add_without_subscribers_stores_the_event_and_no_delivery(outbox: Outbox) -> None:
    assert outbox.add([event("deal.close")]) == 0
    assert outbox.add([]) == 0
    assert counts(outbox.status()) == (0, 0, 0)


def test_a_later_subscription_gets_only_later_events(outbox: Outbox) -> None:
    outbox.subscribe(HOOK + "early", ["*"])
    outbox.add([event("deal.open")])
    outbox.subscribe(HOOK + "late", ["*"])
    outbox.add([event("deal.close")])
    assert routes(claim_all(outbox)) == {
        ("deal.open", HOOK + "early"),
        ("deal.close", HOOK + "early"),
        ("deal.close", HOOK + "late"),
    }


def test_subscription_changes_made_through_another_handle_are_seen(reopen: Callable[[], Outbox]) -> None:
    emitter, admin = reopen(), reopen()
    assert emitter.add([event()]) == 0
    subscription = admin.subscribe(HOOK, ["*"])
    assert emitter.add([event()]) == 1
    admin.set_enabled(subscription.id, False, "paused")
    assert emitter.add([event()]) == 0
    admin.set_enabled(subscription.id, True)
    assert emitter.add([event()]) == 1


def test_subscriptions_are_listed_and_can_be_disabled_and_enabled(outbox: Outbox) -> None:
    first = outbox.subscribe(HOOK + "a", ["deal.*"], method="GET", format="form", secrets=["whsec_one", "whsec_two"])
    second = outbox.subscribe(HOOK + "b", ["*"])
    assert (first.url, first.events, first.method, first.format) == (HOOK + "a", ("deal.*",), "GET", "form")
    assert first.secrets == ("whsec_one", "whsec_two") and first.enabled
    assert (second.method, second.format, second.secrets) == ("POST", "json", ())
    assert outbox.subscriptions() == [first, second]

    outbox.set_enabled(first.id, False, "maintenance")
    listed = {s.id: s for s in outbox.subscriptions()}
    assert not listed[first.id].enabled and listed[first.id].disabled_reason == "maintenance"
    assert outbox.add([event("deal.close")]) == 1
    outbox.set_enabled(first.id, True)
    assert {s.id: s for s in outbox.subscriptions()}[first.id].enabled
    assert outbox.add([event("deal.close")]) == 2


@pytest.mark.parametrize(
    ("events", "method", "format_"),
    [([], "POST", "json"), (["*"], "PUT", "json"), (["*"], "POST", "xml")],
    ids=["no-events", "bad-method", "bad-format"],
)
def test_subscribe_rejects_invalid_input(outbox: Outbox, events: list[str], method: str, format_: str) -> None:
    with pytest.raises(ValueError):
        outbox.subscribe(HOOK, events, method=method, format=format_)
    assert outbox.subscriptions() == []


# --- claiming and leases -------------------------------------------------------------------------------------------


def test_two_owners_never_get_the_same_delivery(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event() for _ in range(10)])
    first = outbox.claim("a", limit=4, lease=LEASE)
    second = outbox.claim("b", limit=EVERYTHING, lease=LEASE)
    assert (len(first), len(second)) == (4, 6)
    assert not {d.delivery_id for d in first} & {d.delivery_id for d in second}
    assert claim_all(outbox, "c") == []
    assert all(due.attempt == 1 for due in first + second)


def test_claim_takes_the_oldest_due_first_and_nothing_not_yet_due(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    start = time.time()
    events = [event(created_at=start + offset) for offset in (30.0, 10.0, 20.0, 1_000.0)]
    outbox.add(events)
    dues = outbox.claim("worker", limit=EVERYTHING, lease=10_000, now=start + 100)
    assert [due.event for due in dues] == [events[1], events[2], events[0]]
    assert [due.event for due in claim_all(outbox, now=start + 2_000)] == [events[3]]


def test_claim_returns_the_event_and_subscription(outbox: Outbox) -> None:
    subscription = outbox.subscribe(HOOK, ["deal.*"], secrets=["whsec_eA"])
    stored = event("deal.close")
    outbox.add([stored])
    (due,) = claim_all(outbox)
    assert (due.event, due.subscription, due.attempt) == (stored, subscription, 1)


def test_an_expired_lease_goes_to_another_owner_and_the_late_record_is_refused(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    start = time.time()
    (late,) = outbox.claim("slow", limit=1, lease=LEASE, now=start)
    assert outbox.claim("fast", limit=1, lease=LEASE, now=start + LEASE / 2) == []
    (taken,) = outbox.claim("fast", limit=1, lease=LEASE, now=start + LEASE + 1)
    assert (taken.delivery_id, taken.attempt) == (late.delivery_id, 2)

    assert outbox.record(late, "slow", attempt()) is False
    assert outbox.attempts(late.delivery_id) == []
    assert counts(outbox.status()) == (1, 0, 0)
    assert outbox.record(taken, "fast", attempt()) is True
    assert counts(outbox.status()) == (0, 1, 0)


def test_the_same_owner_reclaiming_an_expired_lease_invalidates_its_old_attempt(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    start = time.time()
    (old,) = outbox.claim("w", limit=1, lease=LEASE, now=start)
    (new,) = outbox.claim("w", limit=1, lease=LEASE, now=start + LEASE + 1)
    assert outbox.record(old, "w", attempt()) is False
    assert outbox.record(new, "w", attempt()) is True


def test_deliveries_of_a_disabled_subscription_wait_until_it_is_enabled(outbox: Outbox) -> None:
    subscription = outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    outbox.set_enabled(subscription.id, False, "paused")
    assert claim_all(outbox) == []
    outbox.set_enabled(subscription.id, True)
    assert len(claim_all(outbox)) == 1


def test_an_expired_lease_of_a_disabled_subscription_stays_with_its_holder_until_enabled(outbox: Outbox) -> None:
    subscription = outbox.subscribe(HOOK, ["*"])
    outbox.add([event(), event()])
    start = time.time()
    first, second = outbox.claim("slow", limit=2, lease=LEASE, now=start)
    outbox.set_enabled(subscription.id, False, "paused")
    assert claim_all(outbox, "other", now=start + LEASE + 1) == []
    assert outbox.record(first, "slow", attempt()) is True  # nobody took it over
    outbox.set_enabled(subscription.id, True)
    (taken,) = claim_all(outbox, "other", now=start + LEASE + 1)
    assert (taken.delivery_id, taken.attempt) == (second.delivery_id, 2)
    assert counts(outbox.status()) == (1, 1, 0)


# --- outcomes and the delivery log ---------------------------------------------------------------------------------


def test_delivered_is_final_and_logged(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    (due,) = claim_all(outbox)
    done = attempt("delivered", 204)
    assert outbox.record(due, "worker", done)
    assert outbox.attempts(due.delivery_id) == [done]
    assert claim_all(outbox, now=time.time() + 10 * LEASE) == []
    assert counts(outbox.status()) == (0, 1, 0)
    assert outbox.record(due, "worker", done) is False  # the lease is gone


def test_retry_comes_back_at_its_time_then_dead_is_final(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    (first,) = claim_all(outbox)
    retry_at = time.time() + 1_000
    failed = attempt("retry", 503, retry_at=retry_at)
    assert outbox.record(first, "worker", failed)
    assert claim_all(outbox, now=retry_at - 1) == []
    (second,) = claim_all(outbox, now=retry_at)
    assert (second.delivery_id, second.attempt) == (first.delivery_id, 2)

    gave_up = attempt("dead", None)
    assert outbox.record(second, "worker", gave_up)
    assert outbox.attempts(first.delivery_id) == [failed, gave_up]
    assert claim_all(outbox, now=retry_at + 10_000) == []
    assert counts(outbox.status()) == (0, 0, 1)


def test_a_long_response_is_truncated_in_the_log(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    (due,) = claim_all(outbox)
    body = "x" * (RESPONSE_LIMIT * 3)
    outbox.record(due, "worker", Attempt(time.time(), 0.5, 500, body, "dead"))
    (logged,) = outbox.attempts(due.delivery_id)
    assert 0 < len(logged.response) <= RESPONSE_LIMIT and body.startswith(logged.response)


def test_disable_cancels_the_delivery_and_disables_the_subscription(outbox: Outbox) -> None:
    gone = outbox.subscribe(HOOK + "gone", ["*"])
    outbox.subscribe(HOOK + "alive", ["*"])
    outbox.add([event(), event()])
    dues = [due for due in claim_all(outbox) if due.subscription.id == gone.id]
    assert outbox.record(dues[0], "worker", attempt("disable", 410))
    outbox.release(dues[1:], "worker")

    (listed,) = [s for s in outbox.subscriptions() if s.id == gone.id]
    assert not listed.enabled
    assert "410" in listed.disabled_reason and gone.url in listed.disabled_reason
    assert claim_all(outbox) == []  # its released delivery waits; the other subscription's were claimed
    assert outbox.add([event()]) == 1
    assert [due.subscription.url for due in claim_all(outbox)] == [HOOK + "alive"]
    assert [a.status for a in outbox.attempts(dues[0].delivery_id)] == [410]


def test_release_gives_leases_back_unattempted(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event() for _ in range(3)])
    dues = claim_all(outbox, "a")
    outbox.release(dues[:2], "someone-else")  # not theirs: nothing happens
    assert claim_all(outbox, "b") == []
    outbox.release(dues[:2], "a")
    again = claim_all(outbox, "b")
    assert sorted(d.delivery_id for d in again) == sorted(d.delivery_id for d in dues[:2])
    assert all(due.attempt == 1 for due in again)
    assert outbox.record(dues[0], "a", attempt()) is False
    assert outbox.record(dues[2], "a", attempt()) is True
    assert outbox.attempts(dues[0].delivery_id) == []


# --- replay --------------------------------------------------------------------------------------------------------


def deliver_all(outbox: Outbox, outcome: Outcome = "delivered") -> list[Due]:
    dues = claim_all(outbox)
    for due in dues:
        assert outbox.record(due, "worker", attempt(outcome, 200 if outcome == "delivered" else 500))
    return dues


def test_replay_one_event_redelivers_it_with_the_same_id(outbox: Outbox) -> None:
    outbox.subscribe(HOOK + "a", ["*"])
    outbox.subscribe(HOOK + "b", ["*"])
    target, other = event(), event()
    outbox.add([target, other])
    deliver_all(outbox)

    assert outbox.replay(event_id=target.id) == 2
    again = claim_all(outbox)
    assert {due.event for due in again} == {target}
    assert all(due.attempt == 1 for due in again)
    assert outbox.replay(event_id=target.id) == 0  # leased right now: left alone
    assert outbox.replay(event_id="msg_unknown") == 0


def test_replay_skips_deliveries_of_disabled_subscriptions(outbox: Outbox) -> None:
    outbox.subscribe(HOOK + "a", ["*"])
    off = outbox.subscribe(HOOK + "off", ["*"])
    stored = event()
    outbox.add([stored])
    deliver_all(outbox)
    outbox.set_enabled(off.id, False, "paused")
    assert outbox.replay(event_id=stored.id) == 1
    assert [due.subscription.url for due in claim_all(outbox)] == [HOOK + "a"]


def test_replay_since_a_time(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    start = time.time()
    old, recent = event(created_at=start - 100), event(created_at=start - 10)
    outbox.add([old, recent])
    deliver_all(outbox)
    assert outbox.replay(since=start - 10) == 1
    assert [due.event for due in claim_all(outbox)] == [recent]


def test_replay_dead_letters(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event(), event()])
    dead = deliver_all(outbox, "dead")
    outbox.add([event()])
    deliver_all(outbox)
    assert counts(outbox.status()) == (0, 1, 2)
    assert outbox.replay(dead=True) == 2
    assert counts(outbox.status()) == (2, 1, 0)
    assert {due.delivery_id for due in claim_all(outbox)} == {due.delivery_id for due in dead}


# --- status --------------------------------------------------------------------------------------------------------


def test_status_counts_and_per_subscription_figures(outbox: Outbox) -> None:
    deals = outbox.subscribe(HOOK + "deals", ["deal.*"])
    everything = outbox.subscribe(HOOK + "all", ["*"])
    idle = outbox.subscribe(HOOK + "idle", ["nothing.ever"])
    now = time.time()
    outbox.add([event("deal.close", created_at=now - 30), event("contact.create", created_at=now - 20)])
    outbox.add([event("deal.open", created_at=now - 10)])
    for due in outbox.claim("worker", limit=2, lease=LEASE, now=now):  # the two oldest, both "deal.close"
        outcome: Outcome = "delivered" if due.subscription.id == deals.id else "retry"
        outbox.record(due, "worker", attempt(outcome, 200 if outcome == "delivered" else 500, retry_at=now + 60))
    outbox.claim("worker", limit=1, lease=LEASE, now=now)  # being delivered still counts as pending

    status = outbox.status(now=now)
    assert counts(status) == (4, 1, 0)
    figures = {s.subscription.id: (s.pending, rounded(s.oldest_pending_age), s.failures) for s in status.subscriptions}
    assert figures[deals.id] == (1, 10.0, 0)
    assert figures[everything.id] == (3, 30.0, 1)
    assert figures[idle.id] == (0, None, 0)


# --- durability and concurrency ------------------------------------------------------------------------------------


def test_everything_survives_closing_and_reopening(reopen: Callable[[], Outbox]) -> None:
    first = reopen()
    subscription = first.subscribe(HOOK, ["*"], secrets=["whsec_a2VwdA"])
    stored = [event(), event()]
    first.add(stored)
    (done, _) = claim_all(first)
    logged = attempt("delivered", 200)
    first.record(done, "worker", logged)
    first.close()

    second = reopen()
    assert second.subscriptions() == [subscription]
    assert counts(second.status()) == (1, 1, 0)
    assert second.attempts(done.delivery_id) == [logged]
    (rest,) = claim_all(second, now=time.time() + 2 * LEASE)  # the lease taken before closing ran out
    assert rest.event in stored and rest.event != done.event and rest.attempt == 2


def _add_in_process(backend: str, location: str, worker: int) -> list[str]:
    """Runs in a child process: add this worker's events in small batches; returns their ids."""
    outbox = open_engine(backend, location)
    ids: list[str] = []
    try:
        for _ in range(EVENTS_PER_PROCESS // ADD_BATCH):
            batch = [event(f"deal.w{worker}") for _ in range(ADD_BATCH)]
            outbox.add(batch)
            ids += [e.id for e in batch]
    finally:
        outbox.close()
    return ids


def _claim_until_done(outbox: Outbox, owner: str, adding_done: threading.Event, out: list[Due]) -> None:
    """Claim and deliver until every adder has finished and nothing is left to claim."""
    while True:
        finished = adding_done.is_set()  # read before claiming: then an empty claim means nothing is left
        dues = outbox.claim(owner, limit=25, lease=60.0)
        for due in dues:
            assert outbox.record(due, owner, attempt())
        out.extend(dues)
        if not dues:
            if finished:
                return
            time.sleep(0.005)


def test_processes_adding_and_threads_claiming_deliver_everything_exactly_once(
    location: tuple[str, str], outbox: Outbox
) -> None:
    subscriptions = [outbox.subscribe(HOOK + "a", ["deal.*"]), outbox.subscribe(HOOK + "b", ["*"])]
    adding_done = threading.Event()
    claimed: list[list[Due]] = [[] for _ in range(CLAIMING_THREADS)]
    threads = [
        threading.Thread(target=_claim_until_done, args=(outbox, f"thread-{n}", adding_done, claimed[n]))
        for n in range(CLAIMING_THREADS)
    ]
    for thread in threads:
        thread.start()
    with multiprocessing.get_context("spawn").Pool(PROCESSES) as pool:
        added = pool.starmap(_add_in_process, [(*location, worker) for worker in range(PROCESSES)])
    adding_done.set()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)

    dues = [due for per_thread in claimed for due in per_thread]
    assert Counter(due.delivery_id for due in dues).most_common(1)[0][1] == 1  # no lease handed out twice
    event_ids = [event_id for ids in added for event_id in ids]
    expected = Counter((event_id, s.id) for event_id in event_ids for s in subscriptions)
    assert Counter((due.event.id, due.subscription.id) for due in dues) == expected
    assert counts(outbox.status()) == (0, len(expected), 0)
