"""The outbox: one backend-neutral suite run against every engine, plus the SQLite engine's own failure modes."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Literal

import pytest
import redis
from conftest import REDIS_URL, redis_client

from generator.runtime.outbox import Attempt, Due, EventRecord, Outbox, OutboxError, Status
from generator.runtime.redis_outbox import RedisOutbox, open_redis
from generator.runtime.sqlite_outbox import SQLiteOutbox, open_sqlite

BACKENDS = ("sqlite", "redis")
HOOK = "https://hooks.example.com/"
EVERYTHING = 10_000  # a claim limit above any test's backlog
LEASE = 10.0
PROCESSES = 4
EVENTS_PER_PROCESS = 500
ADD_BATCH = 10
CLAIMING_THREADS = 4
RESPONSE_LIMIT = 2_000

Outcome = Literal["delivered", "retry", "dead", "disable"]


def open_backend(backend: str, location: str) -> Outbox:
    """A new handle on the outbox at `location`; child processes open theirs with it too."""
    if backend == "sqlite":
        return SQLiteOutbox(location)
    if backend == "redis":
        return RedisOutbox(REDIS_URL, prefix=location)
    raise ValueError(f"unknown outbox backend {backend!r}")


@pytest.fixture
def redis_prefix() -> Iterator[tuple[redis.Redis, str]]:
    """A client and a key prefix unique to the test (skipped without Redis, failed under CI=true); its keys are
    deleted afterwards."""
    client = redis_client()
    prefix = f"salesman-events-test:{uuid.uuid4().hex}:"
    yield client, prefix
    keys = list(client.scan_iter(match=prefix + "*", count=1_000))
    for start in range(0, len(keys), 1_000):
        client.delete(*keys[start : start + 1_000])
    client.close()


@pytest.fixture(params=BACKENDS)
def location(request: pytest.FixtureRequest, tmp_path: Path) -> tuple[str, str]:
    """(backend, where its data lives), fresh for each test."""
    backend: str = request.param
    if backend == "redis":
        _, prefix = request.getfixturevalue("redis_prefix")
        return backend, prefix
    return backend, str(tmp_path / "outbox.db")


@pytest.fixture
def reopen(location: tuple[str, str]) -> Iterator[Callable[[], Outbox]]:
    """Opens another handle on the test's outbox; every handle is closed afterwards."""
    handles: list[Outbox] = []

    def open_handle() -> Outbox:
        handles.append(open_backend(*location))
        return handles[-1]

    yield open_handle
    for handle in handles:
        handle.close()


@pytest.fixture
def outbox(reopen: Callable[[], Outbox]) -> Outbox:
    return reopen()


def event(name: str = "deal.close", *, created_at: float | None = None) -> EventRecord:
    payload = json.dumps({"event": name, "n": uuid.uuid4().hex[:8]}).encode()
    return EventRecord(f"msg_{uuid.uuid4().hex}", name, payload, time.time() if created_at is None else created_at)


def attempt(outcome: Outcome = "delivered", status: int | None = 200, *, retry_at: float | None = None) -> Attempt:
    return Attempt(time.time(), 0.012, status, f"HTTP {status}", outcome, retry_at)


def claim_all(outbox: Outbox, owner: str = "worker", *, now: float | None = None) -> list[Due]:
    return outbox.claim(owner, limit=EVERYTHING, lease=LEASE, now=now)


def routes(dues: list[Due]) -> set[tuple[str, str]]:
    """(event name, subscription URL) of each claimed delivery."""
    return {(due.event.name, due.subscription.url) for due in dues}


def rounded(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds, 3)


def counts(status: Status) -> tuple[int, int, int]:
    return status.pending, status.delivered, status.dead


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
    subscription = outbox.subscribe(HOOK, ["deal.*"], secrets=["whsec_x"])
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
    subscription = first.subscribe(HOOK, ["*"], secrets=["whsec_kept"])
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
    outbox = open_backend(backend, location)
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


# --- the SQLite engine ---------------------------------------------------------------------------------------------


def test_sqlite_locked_database_raises_and_keeps_what_was_committed(tmp_path: Path) -> None:
    path = tmp_path / "locked.db"
    outbox = SQLiteOutbox(path, timeout=0.2)
    outbox.subscribe(HOOK, ["*"])
    kept = event()
    outbox.add([kept])
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(OutboxError, match="locked") as raised:
            outbox.add([event()])
        assert str(path) in str(raised.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert counts(outbox.status()) == (1, 0, 0)
    assert [due.event for due in claim_all(outbox)] == [kept]
    assert outbox.add([event()]) == 1
    outbox.close()


def test_sqlite_full_database_raises_and_stores_nothing_of_the_batch(tmp_path: Path) -> None:
    path = tmp_path / "full.db"
    outbox = SQLiteOutbox(path, max_bytes=256 * 1024)
    outbox.subscribe(HOOK, ["*"])
    kept = [event() for _ in range(5)]
    outbox.add(kept)
    too_big = [EventRecord(f"msg_{uuid.uuid4().hex}", "deal.close", b"x" * 2_000, time.time()) for _ in range(500)]
    with pytest.raises(OutboxError, match="full") as raised:
        outbox.add(too_big)
    assert str(path) in str(raised.value)
    assert counts(outbox.status()) == (5, 0, 0)
    assert outbox.replay(event_id=too_big[0].id) == 0
    assert {due.event for due in claim_all(outbox)} == set(kept)
    outbox.close()


def test_sqlite_a_failing_batch_is_rolled_back_whole(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "atomic.db")
    outbox.subscribe(HOOK, ["*"])
    kept = event()
    outbox.add([kept])
    with pytest.raises(OutboxError, match="UNIQUE"):
        outbox.add([event(), event(), kept])  # the duplicate id comes last
    assert counts(outbox.status()) == (1, 0, 0)
    assert [due.event for due in claim_all(outbox)] == [kept]
    outbox.close()


def test_sqlite_a_closed_outbox_refuses_work(tmp_path: Path) -> None:
    outbox = SQLiteOutbox(tmp_path / "closed.db")
    outbox.close()
    with pytest.raises(OutboxError, match="closed"):
        outbox.add([event()])
    outbox.close()


def test_sqlite_options_are_validated(tmp_path: Path) -> None:
    SQLiteOutbox(tmp_path / "full-sync.db", synchronous="FULL").close()
    with pytest.raises(ValueError):
        SQLiteOutbox(tmp_path / "x.db", synchronous="OFF")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SQLiteOutbox(":memory:")


def test_open_sqlite_accepts_relative_and_absolute_urls(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    open_sqlite("sqlite:///relative.db").close()
    assert (tmp_path / "relative.db").exists()
    absolute = tmp_path / "sub" / "absolute.db"
    absolute.parent.mkdir()
    open_sqlite(f"sqlite:///{absolute}").close()  # sqlite:////abs/path.db
    assert absolute.exists()
    for url in ("redis://localhost/0", "sqlite://relative.db", "sqlite:///", "/tmp/x.db"):
        with pytest.raises(ValueError):
            open_sqlite(url)


# --- the Redis engine ----------------------------------------------------------------------------------------------


@pytest.fixture
def redis_outbox(redis_prefix: tuple[redis.Redis, str]) -> Iterator[RedisOutbox]:
    outbox = RedisOutbox(REDIS_URL, prefix=redis_prefix[1])
    yield outbox
    outbox.close()


def stream_figures(client: redis.Redis, prefix: str) -> tuple[int, dict[str, int]]:
    """(entries in the stream, entries each consumer holds)."""
    summary = client.xpending(prefix + "due", "workers")
    return client.xlen(prefix + "due"), {c["name"].decode(): c["pending"] for c in summary["consumers"]}


@pytest.mark.parametrize("lost", ["group", "stream"])
def test_redis_a_lost_consumer_group_is_recreated_and_no_delivery_is_lost(
    redis_prefix: tuple[redis.Redis, str], redis_outbox: RedisOutbox, lost: str
) -> None:
    client, prefix = redis_prefix
    outbox = redis_outbox
    outbox.subscribe(HOOK, ["*"])
    stored = [event() for _ in range(4)]
    outbox.add(stored)
    start = time.time()
    held, finishing, retried = outbox.claim("a", limit=3, lease=LEASE, now=start)
    assert outbox.record(retried, "a", attempt("retry", 503, retry_at=start + 5))
    if lost == "group":
        client.xgroup_destroy(prefix + "due", "workers")  # its pending entries list goes with it
    else:
        client.delete(prefix + "due")  # the stream, its entries and the group
    later = event()
    assert outbox.add([later]) == 1

    assert outbox.record(finishing, "a", attempt()) is True  # a lease taken before still counts
    dues = claim_all(outbox, "b", now=start + 1)  # recreates the group; the held and the retried aren't due
    assert {due.event for due in dues} == {stored[3], later}
    assert claim_all(outbox, "c", now=start + 1) == []
    for due in dues:
        assert outbox.record(due, "b", attempt())

    taken = claim_all(outbox, "b", now=start + LEASE + 1)
    assert {(due.delivery_id, due.attempt) for due in taken} == {(held.delivery_id, 2), (retried.delivery_id, 2)}
    assert outbox.record(held, "a", attempt()) is False
    for due in taken:
        assert outbox.record(due, "b", attempt())
    assert counts(outbox.status()) == (0, 5, 0)
    assert stream_figures(client, prefix) == (0, {})


def test_redis_a_dead_consumers_entry_goes_to_another_owner_after_its_lease(
    redis_prefix: tuple[redis.Redis, str], redis_outbox: RedisOutbox
) -> None:
    client, prefix = redis_prefix
    outbox = redis_outbox
    outbox.subscribe(HOOK, ["*"])
    outbox.add([event()])
    (lost,) = outbox.claim("dead-worker", limit=1, lease=0.3)  # real time, Redis's clock untouched
    assert stream_figures(client, prefix) == (1, {"dead-worker": 1})
    assert outbox.claim("alive", limit=1, lease=LEASE) == []
    time.sleep(0.35)
    (taken,) = outbox.claim("alive", limit=1, lease=LEASE)
    assert (taken.delivery_id, taken.attempt) == (lost.delivery_id, 2)
    assert stream_figures(client, prefix) == (1, {"alive": 1})
    assert outbox.record(lost, "dead-worker", attempt()) is False
    assert outbox.record(taken, "alive", attempt()) is True
    assert stream_figures(client, prefix) == (0, {})
    outbox.close()  # the consumers it made, holding nothing now, go
    assert client.xinfo_consumers(prefix + "due", "workers") == []


def test_redis_a_chunk_is_stored_whole_or_not_at_all_and_a_batch_can_be_sent_again(
    redis_outbox: RedisOutbox,
) -> None:
    outbox = redis_outbox
    outbox.subscribe(HOOK, ["*"])
    kept = event()
    outbox.add([kept])
    clash = EventRecord(kept.id, kept.name, b"{}", kept.created_at)
    with pytest.raises(OutboxError, match="other content"):
        outbox.add([event(), event(), clash])  # the clash comes last: nothing of its chunk is stored
    assert counts(outbox.status()) == (1, 0, 0)
    assert outbox.add([kept]) == 0  # the same event again: already stored

    batch = [event() for _ in range(2_500)]  # three chunks, the last one failing
    with pytest.raises(OutboxError, match="the first 2000 of the 2501 events were stored"):
        outbox.add([*batch, clash])
    assert counts(outbox.status()) == (2_001, 0, 0)
    assert outbox.add(batch) == 500  # sent again: only what was missing is stored
    assert [due.event for due in claim_all(outbox)] == [kept, *batch]


def test_redis_unreachable_or_closed_raises_outbox_error() -> None:
    started = time.monotonic()
    outbox = RedisOutbox("redis://:secret@127.0.0.1:1/0", prefix="nowhere:")
    with pytest.raises(OutboxError, match="unreachable") as raised:
        outbox.add([event()])
    assert "secret" not in str(raised.value) and time.monotonic() - started < 5
    outbox.close()
    with pytest.raises(OutboxError, match="closed"):
        outbox.claim("worker", limit=1)
    outbox.close()


def test_open_redis_accepts_only_redis_urls() -> None:
    open_redis("redis://127.0.0.1:6379/0", prefix="x:").close()
    for url in ("sqlite:///x.db", "http://localhost", "127.0.0.1:6379"):
        with pytest.raises(ValueError):
            open_redis(url)


def _open_at_once_and_add(path: str, start: threading.Barrier) -> str:
    start.wait(timeout=30)
    outbox = SQLiteOutbox(path)
    try:
        record = event()
        outbox.add([record])
        return record.id
    finally:
        outbox.close()


def test_processes_opening_a_new_file_at_the_same_moment_all_get_in(tmp_path: Path) -> None:
    """Switching a new file to WAL fails at once with "database is locked" while another process does it too,
    unless the switch waits like any other statement."""
    context = multiprocessing.get_context("fork")
    for round_ in range(3):
        path = str(tmp_path / f"race-{round_}.db")
        with context.Manager() as manager:
            start = manager.Barrier(PROCESSES)
            with context.Pool(PROCESSES) as pool:
                added = pool.starmap(_open_at_once_and_add, [(path, start)] * PROCESSES)
        outbox = SQLiteOutbox(path)
        assert counts(outbox.status()) == (0, 0, 0) and len(set(added)) == PROCESSES
        with sqlite3.connect(path) as db:
            assert db.execute("SELECT count(*) FROM events").fetchone() == (PROCESSES,)
        outbox.close()
