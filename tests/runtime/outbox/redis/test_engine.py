"""The Redis outbox's own cases: lost groups and streams, dead consumers, chunked adds, an unreachable server."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis

from generator.runtime.outbox import EventRecord, OutboxError
from generator.runtime.outbox.redis import RedisOutbox, open_redis
from tests.helpers import REDIS_URL

from ..support import HOOK, LEASE, attempt, claim_all, counts, event


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
