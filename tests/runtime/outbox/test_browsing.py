"""The console's side of the outbox (`browsing.Browsable`), on every engine: searches, one delivery with its attempts,
activity per minute, the queue's size, subscriptions edited in place, and the new replay criteria."""

from __future__ import annotations

import time
from typing import cast

import pytest

from generator.runtime.outbox import Attempt, Outbox
from generator.runtime.outbox.browsing import (
    ACTIVITY_MINUTE,
    LATENCY_BOUNDS,
    Browsable,
    DeliveryQuery,
    latency_bucket,
)

from .support import HOOK, Outcome, attempt, claim_all, event

TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
SENT = (("content-type", "application/json"), ("webhook-id", "msg_x"), ("webhook-signature", "v1,abc="))
ANSWERED = (("content-type", "text/plain"), ("x-request-id", "r-1"))


def browse(outbox: Outbox) -> Browsable:
    return cast(Browsable, outbox)


def delivered_at(
    started_at: float, latency: float, outcome: Outcome = "delivered", status: int | None = 200
) -> Attempt:
    retry_at = time.time() + 60 if outcome == "retry" else None
    return Attempt(started_at, latency, status, f"HTTP {status}", outcome, retry_at)


def test_an_events_trace_and_an_attempts_headers_are_kept(outbox: Outbox) -> None:
    sub = outbox.subscribe(HOOK, ["*"])
    record = event()._replace(trace=TRACE)
    outbox.add([record])
    (due,) = claim_all(outbox)
    assert due.event.trace == TRACE
    outbox.record(due, "worker", Attempt(time.time(), 0.02, 200, "ok", "delivered", None, SENT, ANSWERED))

    (logged,) = outbox.attempts(due.delivery_id)
    assert (logged.request_headers, logged.response_headers) == (SENT, ANSWERED)
    detail = browse(outbox).delivery(due.delivery_id)
    assert detail is not None
    assert (detail.event.id, detail.event.payload, detail.event.trace) == (record.id, record.payload, TRACE)
    assert detail.subscription.id == sub.id and detail.row.state == "delivered" and detail.row.attempts == 1
    assert detail.attempts == (logged,)
    assert browse(outbox).delivery(due.delivery_id + 1000) is None


def test_an_event_without_a_trace_reads_back_without_one(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    (due,) = claim_all(outbox)
    assert due.event.trace == ""
    outbox.record(due, "worker", attempt())
    assert outbox.attempts(due.delivery_id)[0].request_headers == ()


def test_update_subscription_changes_the_fields_given_and_routing_follows(outbox: Outbox) -> None:
    sub = outbox.subscribe(HOOK + "a", ["deal.close"], secrets=["whsec_" + "A" * 32])
    edited = browse(outbox).update_subscription(
        sub.id, url=HOOK + "b", events=["task.*"], identities=[7], retire_after=1234.5
    )
    assert (edited.url, edited.events, edited.identities, edited.retire_after) == (
        HOOK + "b",
        ("task.*",),
        (7,),
        1234.5,
    )
    assert edited.secrets == sub.secrets and edited.method == "POST"
    assert outbox.subscriptions() == [edited]

    outbox.add([event("deal.close"), event("task.add")._replace(payload=b'{"identity": 7}')])
    assert [(d.event.name, d.subscription.url) for d in claim_all(outbox)] == [("task.add", HOOK + "b")]

    cleared = browse(outbox).update_subscription(sub.id, retire_after=None)
    assert cleared.retire_after is None and outbox.subscriptions()[0].retire_after is None


def test_update_subscription_refuses_an_unknown_id_and_invalid_fields_changing_nothing(outbox: Outbox) -> None:
    sub = outbox.subscribe(HOOK, ["deal.close"])
    with pytest.raises(KeyError):
        browse(outbox).update_subscription(sub.id + 100, url=HOOK + "x")
    with pytest.raises(ValueError):
        browse(outbox).update_subscription(sub.id, events=[])
    with pytest.raises(ValueError):
        browse(outbox).update_subscription(sub.id, method="PUT")
    assert outbox.subscriptions() == [sub]


def test_a_rotation_signs_with_both_secrets_until_the_old_one_retires(outbox: Outbox) -> None:
    new, old = "whsec_" + "N" * 32, "whsec_" + "O" * 32
    sub = outbox.subscribe(HOOK, ["*"], secrets=[old])
    rotated = browse(outbox).update_subscription(sub.id, secrets=[new, old], retire_after=2000.0)
    assert rotated.signing_secrets(1999.0) == (new, old)
    assert rotated.signing_secrets(2000.0) == (new,)


def test_deliveries_are_found_newest_first_by_every_criterion(outbox: Outbox) -> None:
    deals = outbox.subscribe(HOOK + "deals", ["deal.*"])
    every = outbox.subscribe(HOOK + "every", ["*"])
    old, new = event("deal.close", created_at=1000.0), event("task.add", created_at=2000.0)
    outbox.add([old])
    outbox.add([new, event("deal.add", created_at=3000.0)])
    (first, *_) = claim_all(outbox, now=time.time())
    outbox.record(first, "worker", attempt("dead", 500))

    found = browse(outbox).deliveries(DeliveryQuery())
    assert [r.id for r in found.rows] == sorted((r.id for r in found.rows), reverse=True) and len(found.rows) == 5
    assert found.next_before is None

    def ids(**criteria: object) -> set[tuple[str, int]]:
        page = browse(outbox).deliveries(DeliveryQuery(**criteria))  # type: ignore[arg-type]
        return {(row.event, row.subscription_id) for row in page.rows}

    assert ids(event_id=old.id) == {("deal.close", deals.id), ("deal.close", every.id)}
    assert ids(event="task.add") == {("task.add", every.id)}
    assert ids(event="deal.*") == {("deal.close", deals.id), ("deal.close", every.id), ("deal.add", deals.id),
                                   ("deal.add", every.id)}  # fmt: skip
    assert ids(subscription_id=deals.id) == {("deal.close", deals.id), ("deal.add", deals.id)}
    assert ids(state="dead") == {(first.event.name, first.subscription.id)}
    assert ids(since=1500.0, until=2500.0) == {("task.add", every.id)}
    row = next(r for r in browse(outbox).deliveries(DeliveryQuery(event_id=new.id)).rows)
    assert (row.event_id, row.created_at, row.state, row.attempts) == (new.id, 2000.0, "delivering", 1)


def test_a_search_pages_and_stops_at_its_scan_bound(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event("deal.close") for _ in range(7)] + [event("task.add")])
    all_ids = [r.id for r in browse(outbox).deliveries(DeliveryQuery(limit=100)).rows]

    first = browse(outbox).deliveries(DeliveryQuery(limit=3))
    second = browse(outbox).deliveries(DeliveryQuery(limit=3, before=first.next_before))
    assert [r.id for r in first.rows + second.rows] == all_ids[:6] and first.next_before == all_ids[2]

    # the newest delivery looked at (scan=1) is no deal.close: no rows, and the page says where to go on
    bounded = browse(outbox).deliveries(DeliveryQuery(event="deal.close", scan=1))
    assert bounded.rows == () and bounded.next_before == all_ids[0]
    rest = browse(outbox).deliveries(DeliveryQuery(event="deal.close", before=bounded.next_before, scan=1))
    assert [r.id for r in rest.rows] == all_ids[1:2]


def test_activity_counts_attempts_per_minute_subscription_and_latency(outbox: Outbox) -> None:
    a, b = outbox.subscribe(HOOK + "a", ["*"]), outbox.subscribe(HOOK + "b", ["*"])
    outbox.add([event() for _ in range(3)])
    dues = claim_all(outbox)
    minute = (int(time.time()) // ACTIVITY_MINUTE - 5) * ACTIVITY_MINUTE
    a_dues = [d for d in dues if d.subscription.id == a.id]
    b_dues = [d for d in dues if d.subscription.id == b.id]
    for due in a_dues:
        outbox.record(due, "worker", delivered_at(minute + 1.5, 0.004))
    for i, due in enumerate(b_dues):
        failing = i < 2
        start = minute + ACTIVITY_MINUTE + 2 if failing else minute + 1.5
        outcome = delivered_at(start, 3.0, "retry" if failing else "delivered", 503 if failing else 200)
        outbox.record(due, "worker", outcome)

    rows = {(r.minute, r.subscription_id, r.bucket): (r.delivered, r.failed) for r in browse(outbox).activity(minute)}
    assert rows == {
        (minute, a.id, 0): (3, 0),
        (minute, b.id, latency_bucket(3.0)): (1, 0),
        (minute + ACTIVITY_MINUTE, b.id, len(LATENCY_BOUNDS) - 2): (0, 2),
    }
    assert latency_bucket(3.0) == len(LATENCY_BOUNDS) - 2
    assert {(r.minute, r.subscription_id) for r in browse(outbox).activity(minute + ACTIVITY_MINUTE)} == {
        (minute + ACTIVITY_MINUTE, b.id)
    }
    assert browse(outbox).activity(minute, minute + ACTIVITY_MINUTE - 1) != []
    assert all(r.minute == minute for r in browse(outbox).activity(minute, minute + ACTIVITY_MINUTE - 1))

    failure = browse(outbox).last_failures()
    assert set(failure) == {b.id} and failure[b.id].status == 503 and failure[b.id].started_at == minute + 62


def test_queue_counts_say_how_many_wait_are_due_and_are_dead(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event() for _ in range(4)])
    assert browse(outbox).queue_counts() == type(browse(outbox).queue_counts())(4, 4, 0)
    first, second, *_ = claim_all(outbox)
    outbox.record(first, "worker", attempt("dead", 500))
    outbox.record(second, "worker", attempt("retry", 503, retry_at=time.time() + 600))
    counts = browse(outbox).queue_counts()
    assert (counts.depth, counts.due, counts.dead) == (3, 0, 1)
    assert browse(outbox).queue_counts(now=time.time() + 3600).due == 1


def test_replay_of_one_subscription_or_of_named_deliveries(outbox: Outbox) -> None:
    a, b = outbox.subscribe(HOOK + "a", ["*"]), outbox.subscribe(HOOK + "b", ["*"])
    outbox.add([event() for _ in range(2)])
    dues = claim_all(outbox)
    for due in dues:
        outbox.record(due, "worker", attempt("dead", 500))
    with pytest.raises(ValueError):
        outbox.replay()
    assert outbox.replay(dead=True, subscription_id=a.id) == 2
    assert {d.subscription.id for d in claim_all(outbox)} == {a.id}

    named = [d.delivery_id for d in dues if d.subscription.id == b.id][:1]
    assert outbox.replay(delivery_ids=named) == 1
    assert [d.delivery_id for d in claim_all(outbox)] == named


def test_purge_removes_activity_older_than_its_time(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event(), event()])
    old_minute = (int(time.time()) // ACTIVITY_MINUTE - 100) * ACTIVITY_MINUTE
    first, second = claim_all(outbox)
    outbox.record(first, "worker", delivered_at(old_minute + 1, 0.01))
    outbox.record(second, "worker", delivered_at(time.time(), 0.01))
    while outbox.purge(old_minute + ACTIVITY_MINUTE):
        pass
    minutes = {r.minute for r in browse(outbox).activity(old_minute)}
    assert old_minute not in minutes and len(minutes) == 1


def test_add_to_makes_one_delivery_to_that_subscription_alone(outbox: Outbox) -> None:
    chosen = outbox.subscribe(HOOK + "chosen", ["task.*"], identities=[9])
    outbox.subscribe(HOOK + "other", ["*"])
    record = event("deal.close")._replace(trace=TRACE)
    assert browse(outbox).add_to(chosen.id, [record]) == 1
    (due,) = claim_all(outbox)
    assert (due.subscription.id, due.event.id, due.event.trace) == (chosen.id, record.id, TRACE)
    with pytest.raises(KeyError):
        browse(outbox).add_to(chosen.id + 100, [event()])
    outbox.set_enabled(chosen.id, False)
    with pytest.raises(ValueError):
        browse(outbox).add_to(chosen.id, [event()])
    assert claim_all(outbox) == []


def test_activity_sums_into_intervals_of_a_step(outbox: Outbox) -> None:
    sub = outbox.subscribe(HOOK, ["*"])
    outbox.add([event() for _ in range(3)])
    step = 3 * ACTIVITY_MINUTE
    start = (int(time.time()) // step - 3) * step
    for due, offset in zip(claim_all(outbox), (1, ACTIVITY_MINUTE + 1, step + 1), strict=True):
        outbox.record(due, "worker", delivered_at(start + offset, 0.004))
    rows = {
        (r.minute, r.subscription_id, r.bucket): (r.delivered, r.failed)
        for r in browse(outbox).activity(start, step=step)
    }
    assert rows == {(start, sub.id, 0): (2, 0), (start + step, sub.id, 0): (1, 0)}
    with pytest.raises(ValueError):
        browse(outbox).activity(start, step=90)
