"""The Redis outbox's layout version: an outbox written before it had one (schema 1) is upgraded in place, keeping
every key as it was, and reads back whole through the new operations; one from a newer SDK is refused."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest
import redis

from generator.runtime.outbox import Attempt, OutboxError
from generator.runtime.outbox.browsing import DeliveryQuery, LastFailure
from generator.runtime.outbox.redis import RedisOutbox
from generator.runtime.outbox.redis.schema import SCHEMA_VERSION
from tests.helpers import REDIS_URL

from ..support import HOOK, attempt, claim_all

NOW = time.time()
DELIVERED = Attempt(NOW - 40, 0.01, 200, "ok", "delivered")
DIED = Attempt(NOW - 40, 0.02, 500, "boom", "dead")


def logged(a: Attempt) -> str:
    """An attempt's log row as schema 1 wrote it."""
    return json.dumps([a.started_at, a.latency, a.status, a.response, a.outcome, a.next_attempt_at])


def schema_1_outbox(client: redis.Redis, p: str) -> None:
    """Three events to one subscription (a row from before tenants), as schema 1 left them: one delivered, one
    dead, one pending in the queue's stream."""
    client.hset(p + "subs", "1", json.dumps({"url": HOOK, "events": ["*"], "method": "POST", "format": "json",
                                             "secrets": []}))  # fmt: skip
    client.set(p + "subs:next", 1)
    client.set(p + "subs:version", "1.0:1")
    for n, state in ((1, "delivered"), (2, "dead"), (3, "pending")):
        event_id, created = f"msg_{n}", NOW - 60 + n
        client.hset(p + f"event:{event_id}", mapping={"name": "deal.close", "payload": f'{{"did": {n}}}',
                                                       "created_at": repr(created), "deliveries": str(n)})  # fmt: skip
        client.zadd(p + "events:time", {event_id: created})
        entry = client.xadd(p + "due", {"d": n}) if state == "pending" else b""
        client.hset(p + f"delivery:{n}", mapping={
            "event": event_id, "sub": 1, "state": state, "attempts": int(state != "pending"), "next_at": repr(created),
            "created_at": repr(created), "owner": "", "expires": "", "last_status": {1: 200, 2: 500}.get(n, ""),
            "entry": entry,
        })  # fmt: skip
    client.set(p + "deliveries:next", 3)
    client.rpush(p + "attempts:1", logged(DELIVERED))
    client.rpush(p + "attempts:2", logged(DIED))
    client.hset(p + "stats", mapping={"delivered": 1, "dead": 1, "failures:1": 1})
    client.hset(p + "last_failure", "1", logged(DIED))
    client.zadd(p + "open:1", {"3": NOW - 57})
    client.zadd(p + "finished", {"1": NOW - 40})
    client.hset(p + "delivery:2", "dead_entry", client.xadd(p + "dead", {"d": 2}))


def stored(client: redis.Redis, p: str) -> dict[bytes, bytes | None]:
    """Every key of the outbox but its version, as Redis serialises it."""
    version = (p + "schema").encode()
    return {key: client.dump(key) for key in client.scan_iter(match=p + "*", count=1000) if key != version}


@pytest.fixture
def old(redis_prefix: tuple[redis.Redis, str]) -> Iterator[tuple[redis.Redis, str, RedisOutbox]]:
    client, prefix = redis_prefix
    schema_1_outbox(client, prefix)
    outbox = RedisOutbox(REDIS_URL, prefix=prefix)
    yield client, prefix, outbox
    outbox.close()


def test_a_schema_1_outbox_is_upgraded_in_place_keeping_every_key(old: tuple[redis.Redis, str, RedisOutbox]) -> None:
    client, prefix, outbox = old
    before = stored(client, prefix)
    assert client.get(prefix + "schema") is None
    (subscription,) = outbox.subscriptions()
    assert client.get(prefix + "schema") == str(SCHEMA_VERSION).encode() == b"2"
    assert stored(client, prefix) == before  # nothing rewritten: schema 2 reads schema 1's rows as they are
    assert (subscription.identities, subscription.retire_after) == ((), None)


def test_an_upgraded_outbox_reads_back_whole_and_works_on(old: tuple[redis.Redis, str, RedisOutbox]) -> None:
    _, _, outbox = old
    status = outbox.status(NOW)
    assert (status.pending, status.delivered, status.dead) == (1, 1, 1)
    assert status.subscriptions[0].last_error == "HTTP 500: boom"
    assert outbox.attempts(1) == [DELIVERED] and outbox.attempts(2) == [DIED]
    assert outbox.last_failures() == {1: LastFailure(1, 500, "boom", NOW - 40)}
    assert (outbox.queue_counts().depth, outbox.queue_counts().due, outbox.queue_counts().dead) == (1, 1, 1)

    page = outbox.deliveries(DeliveryQuery())
    assert [(r.id, r.state, r.updated_at) for r in page.rows] == [
        (3, "pending", NOW - 57),  # changed last when made: schema 1 kept no other time
        (2, "dead", NOW - 58),
        (1, "delivered", NOW - 59),
    ]
    detail = outbox.delivery(2)
    assert detail is not None and detail.event.trace == "" and detail.attempts == (DIED,)

    (due,) = claim_all(outbox)
    assert (due.delivery_id, due.event.payload, due.event.trace) == (3, b'{"did": 3}', "")
    assert outbox.record(due, "worker", attempt())
    assert outbox.replay(dead=True) == 1
    assert [d.delivery_id for d in claim_all(outbox)] == [2]
    assert sum(r.delivered for r in outbox.activity(NOW - 120)) == 1  # counted from the upgrade on


def test_an_outbox_from_a_newer_sdk_is_refused_untouched(redis_prefix: tuple[redis.Redis, str]) -> None:
    client, prefix = redis_prefix
    schema_1_outbox(client, prefix)
    client.set(prefix + "schema", SCHEMA_VERSION + 1)
    before = stored(client, prefix)
    outbox = RedisOutbox(REDIS_URL, prefix=prefix)
    try:
        for operation in (outbox.subscriptions, lambda: claim_all(outbox), lambda: outbox.attempts(1)):
            with pytest.raises(OutboxError, match=f"schema {SCHEMA_VERSION + 1}, newer than this code's"):
                operation()
    finally:
        outbox.close()
    assert stored(client, prefix) == before and client.get(prefix + "schema") == str(SCHEMA_VERSION + 1).encode()


def test_a_new_outbox_starts_at_the_current_schema(redis_prefix: tuple[redis.Redis, str]) -> None:
    client, prefix = redis_prefix
    outbox = RedisOutbox(REDIS_URL, prefix=prefix)
    try:
        assert outbox.queue_counts().depth == 0
    finally:
        outbox.close()
    assert client.get(prefix + "schema") == str(SCHEMA_VERSION).encode()
