"""Subscribing is idempotent, secrets are checked where given, `status` tells why deliveries fail and when they are
next due, and `replay(pending=True)` makes waiting deliveries due now: on every engine (the `outbox` fixture)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from generator.runtime.outbox import Attempt, Outbox

from .support import HOOK, LEASE, attempt, claim_all, event

SECRET_A = "whsec_c2VjcmV0LWE="
SECRET_B = "whsec_c2VjcmV0LWI="


def test_subscribing_again_to_the_same_url_and_events_updates_the_one_subscription(outbox: Outbox) -> None:
    first = outbox.subscribe(HOOK, ["deal.close", "deal.*"], format="salesman", secrets=[SECRET_A])
    again = outbox.subscribe(HOOK, ["deal.*", "deal.close"], format="salesman", secrets=[SECRET_B, SECRET_A])
    assert again.id == first.id and again.secrets == (SECRET_B, SECRET_A)
    assert outbox.subscriptions() == [again]
    kept = outbox.subscribe(HOOK, ["deal.*", "deal.close"], format="salesman")  # no secrets given: they are kept
    assert kept == again and outbox.subscriptions() == [again]
    assert outbox.add([event("deal.close")]) == 1  # one delivery, not one per subscribe
    (due,) = claim_all(outbox)
    assert due.subscription.secrets == (SECRET_B, SECRET_A)


@pytest.mark.parametrize(
    ("url", "events", "method", "format_"),
    [
        (HOOK + "other", ["deal.*"], "POST", "json"),
        (HOOK, ["*"], "POST", "json"),
        (HOOK, ["deal.*"], "GET", "json"),
        (HOOK, ["deal.*"], "POST", "form"),
    ],
    ids=["url", "events", "method", "format"],
)
def test_a_subscription_that_differs_in_anything_is_another_one(
    outbox: Outbox, url: str, events: list[str], method: str, format_: str
) -> None:
    first = outbox.subscribe(HOOK, ["deal.*"])
    other = outbox.subscribe(url, events, method=method, format=format_)
    assert other.id != first.id and len(outbox.subscriptions()) == 2


def test_allow_duplicate_adds_a_second_subscription(outbox: Outbox) -> None:
    first = outbox.subscribe(HOOK, ["*"])
    second = outbox.subscribe(HOOK, ["*"], allow_duplicate=True)
    assert second.id != first.id and outbox.subscriptions() == [first, second]
    assert outbox.add([event()]) == 2
    assert outbox.subscribe(HOOK, ["*"], secrets=[SECRET_A]).id == first.id  # the first of the same ones is updated


def test_concurrent_subscribes_through_several_handles_make_one_subscription(reopen: Callable[[], Outbox]) -> None:
    handles = [reopen() for _ in range(4)]
    made: list[int] = []
    threads = [threading.Thread(target=lambda h=h: made.append(h.subscribe(HOOK, ["*"]).id)) for h in handles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(made) == 4 and len(set(made)) == 1 and len(handles[0].subscriptions()) == 1


@pytest.mark.parametrize("secrets", [["notbase64!!"], ["whsec_…bad"], ["whsec_"], [SECRET_A, "whsec_%%%"]])
def test_a_malformed_secret_is_refused_when_subscribing(outbox: Outbox, secrets: list[str]) -> None:
    with pytest.raises(ValueError, match="webhook secret") as refused:
        outbox.subscribe(HOOK, ["*"], secrets=secrets)
    assert secrets[-1] not in str(refused.value)  # named by position, never shown
    assert outbox.subscriptions() == []


def test_status_shows_each_subscriptions_last_failure_and_next_try(outbox: Outbox) -> None:
    failing = outbox.subscribe(HOOK + "failing", ["*"])
    fine = outbox.subscribe(HOOK + "fine", ["*"])
    now = time.time()
    outbox.add([event(created_at=now - 5)])
    for due in claim_all(outbox, now=now):
        if due.subscription.id == failing.id:
            refused = Attempt(now - 1, 0.001, None, "refused: 127.0.0.1 is a private address", "retry", now + 300)
            outbox.record(due, "worker", refused)
        else:
            outbox.record(due, "worker", attempt("delivered"))
    figures = {s.subscription.id: s for s in outbox.status(now=now).subscriptions}
    assert figures[failing.id].last_error == "refused: 127.0.0.1 is a private address"
    assert figures[failing.id].last_error_at == pytest.approx(now - 1)
    assert figures[failing.id].next_attempt_at == pytest.approx(now + 300)
    assert (figures[fine.id].last_error, figures[fine.id].last_error_at, figures[fine.id].next_attempt_at) == (
        "",
        None,
        None,
    )

    (due,) = outbox.claim("worker", limit=10, lease=LEASE, now=now + 301)
    outbox.record(due, "worker", attempt("retry", 503, retry_at=now + 2_000))
    latest = {s.subscription.id: s for s in outbox.status(now=now).subscriptions}[failing.id]
    assert latest.last_error == "HTTP 503: HTTP 503" and latest.next_attempt_at == pytest.approx(now + 2_000)


def test_replay_pending_makes_waiting_deliveries_due_now(outbox: Outbox) -> None:
    outbox.subscribe(HOOK, ["*"])
    now = time.time()
    waiting = event(created_at=now - 5)
    outbox.add([waiting])
    (due,) = claim_all(outbox)
    outbox.record(due, "worker", attempt("retry", 500, retry_at=now + 3_600))
    assert claim_all(outbox) == []
    assert outbox.replay(pending=True) == 1
    (again,) = claim_all(outbox)
    assert (again.event, again.attempt) == (waiting, 1)
    outbox.record(again, "worker", attempt("delivered"))
    assert outbox.replay(pending=True) == 0  # nothing pending: a delivered one is left alone
