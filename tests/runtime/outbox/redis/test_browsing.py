"""The Redis outbox's own side of browsing: event patterns matched inside Redis as `interface.matches` does,
searches walking ids in chunks over the gaps purge leaves, the queue's counts with parked deliveries, and edits seen
by other handles."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
import redis

from generator.runtime.outbox.browsing import DeliveryPage, DeliveryQuery
from generator.runtime.outbox.interface import matches
from generator.runtime.outbox.redis import RedisOutbox, browsing
from generator.runtime.outbox.redis.patterns import event_filter, lua_pattern
from tests.helpers import REDIS_URL

from ..support import HOOK, attempt, claim_all, event

NAMES = ("deal.close", "deal.add", "dial.close", "task.add", "сделка.add", "сд.add", "%d.x", "]x", "ax", "deal.*", "a[")
PATTERNS = ("*", "deal.*", "*.close", "deal.?lose", "d[ae]al.*", "d[!e]al.*", "[a-c]*", "[!a-z]*", "сделка.*",
            "??.add", "?д.*", "deal.[*]", "a[*", "%d.?", "deal.c*e", "[]]?", "[!]]?", "[z-a]*", "[!z-a]*")  # fmt: skip


@pytest.fixture
def handle(redis_prefix: tuple[redis.Redis, str]) -> Iterator[RedisOutbox]:
    outbox = RedisOutbox(REDIS_URL, prefix=redis_prefix[1])
    yield outbox
    outbox.close()


def test_event_patterns_match_in_lua_what_they_match_in_python(redis_prefix: tuple[redis.Redis, str]) -> None:
    client, _ = redis_prefix
    find = client.register_script("return string.find(ARGV[1], ARGV[2]) and 1 or 0")
    for pattern in PATTERNS:
        exact, lua = event_filter(pattern)
        assert not exact and lua == lua_pattern(pattern)
        found = {name for name in NAMES if find(args=[name, lua])}
        assert found == {name for name in NAMES if matches([pattern], name)}, pattern
    assert event_filter("deal.close") == ("deal.close", b"") and event_filter(None) == ("", b"")
    with pytest.raises(ValueError, match="non-ASCII"):
        lua_pattern("[сд]*")


def test_a_search_walks_chunks_over_the_gaps_purge_left(handle: RedisOutbox, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(browsing, "CHUNK", 3)
    handle.subscribe(HOOK, ["*"])
    handle.add([event("task.add" if n % 4 else "deal.close", created_at=time.time() - 60) for n in range(20)])
    dues = claim_all(handle)
    for due in dues[4:12]:  # delivered, then purged: ids 5 to 12 are gone
        handle.record(due, "worker", attempt())
    while handle.purge(time.time() + 1):
        pass
    kept = [d.delivery_id for d in reversed(dues[:4] + dues[12:])]
    deals = [d.delivery_id for d in reversed(dues) if d.event.name == "deal.close" and d.delivery_id in kept]

    everything = handle.deliveries(DeliveryQuery(limit=100))
    assert [r.id for r in everything.rows] == kept and everything.next_before is None
    page = handle.deliveries(DeliveryQuery(event="deal.*", limit=2))
    assert [r.id for r in page.rows] == deals[:2] and page.next_before == deals[1]
    rest = handle.deliveries(DeliveryQuery(event="deal.*", before=page.next_before))
    assert [r.id for r in rest.rows] == deals[2:] and rest.next_before is None
    # ids of purged deliveries count as looked at: a search's time is bounded whatever purge left
    cut = handle.deliveries(DeliveryQuery(before=13, scan=5))
    assert cut.rows == () and cut.next_before == 8
    assert handle.deliveries(DeliveryQuery(before=1)) == DeliveryPage((), None)


def test_a_search_of_one_event_reads_only_its_deliveries(handle: RedisOutbox) -> None:
    handle.subscribe(HOOK + "a", ["*"])
    handle.subscribe(HOOK + "b", ["*"])
    first, *others = (event() for _ in range(5))
    handle.add([first, *others])
    page = handle.deliveries(DeliveryQuery(event_id=first.id, scan=2, limit=1))
    assert [r.id for r in page.rows] == [2] and page.next_before == 2
    rest = handle.deliveries(DeliveryQuery(event_id=first.id, before=page.next_before, scan=2))
    assert [r.id for r in rest.rows] == [1] and rest.next_before is None


def test_queue_counts_count_the_deliveries_a_disabled_subscription_parked(handle: RedisOutbox) -> None:
    sub = handle.subscribe(HOOK, ["*"])
    handle.add([event() for _ in range(3)])
    handle.set_enabled(sub.id, False, "paused")
    assert claim_all(handle) == []  # parks them
    counts = handle.queue_counts()
    assert (counts.depth, counts.due, counts.dead) == (3, 3, 0)
    handle.set_enabled(sub.id, True)
    assert (handle.queue_counts().due, len(claim_all(handle)), handle.queue_counts().due) == (3, 3, 0)


def test_an_edit_is_seen_by_another_handles_cached_subscriptions(
    redis_prefix: tuple[redis.Redis, str], handle: RedisOutbox
) -> None:
    sub = handle.subscribe(HOOK + "old", ["*"])
    other = RedisOutbox(REDIS_URL, prefix=redis_prefix[1])
    try:
        assert other.subscriptions() == [sub]
        handle.add([event()])
        (due,) = claim_all(other)  # caches the subscriptions
        handle.update_subscription(sub.id, url=HOOK + "new", retire_after=99.0)
        other.release([due], "worker")
        (again,) = claim_all(other)
        assert (again.subscription.url, again.subscription.retire_after) == (HOOK + "new", 99.0)
        detail = other.delivery(again.delivery_id)
        assert detail is not None and detail.subscription.url == HOOK + "new"
    finally:
        other.close()
