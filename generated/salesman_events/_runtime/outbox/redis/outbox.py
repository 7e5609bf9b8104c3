# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The Redis outbox engine: one queue shared by emitters and workers on many machines, on Redis Streams.

Its parts: `layout` (the keys, and the Lua prelude of every script), `schema` (the layout's version and its
upgrade), `store_scripts` (add, replay, purge, subscribe, set_enabled, status), `queue_scripts` (the queue: claim,
record, release, forget; leases, retries, the dead letter), `subscriptions` (the subscriptions as stored, for the
handle's `routes.SubscriptionCache`) and `browsing` (the console's side, on `browse_scripts`).

Atomicity: each operation is one Lua script, which Redis runs alone; scripts check before their first write (Redis
never rolls a script back, and refuses only a first write when out of memory). ``add`` stores 1,000 events per
call, all or nothing, so a 50,000-event batch is atomic per chunk, not whole: one call for all of it held Redis
(every emitter and worker) for 1.5-2 s here, and one past ``busy-reply-threshold`` (5 s) makes Redis answer BUSY to
all. A failed chunk's error says how many events were stored; sending the batch again is safe: an event already
stored with the same id and content is skipped (with other content, refused).

Durability: Redis acknowledges a write once in memory. With ``appendonly yes`` and ``appendfsync always`` an
acknowledged ``add`` survives any crash or power loss; with ``everysec`` a crash of Redis or of the machine loses
up to about the last second (two at worst); RDB snapshots alone can lose minutes. Replication is asynchronous: a
Redis without replicas is only as durable as its persistence. Use ``maxmemory-policy noeviction`` (eviction drops
outbox keys silently). Connection failures raise ``OutboxError`` at once, never retried here (a script must not run
twice): the caller backs off.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Final

from ...storage.redis import text
from ..browsing import activity_increments
from ..interface import (
    DEFAULT_LEASE_SECONDS,
    PURGE_STEP,
    Attempt,
    Due,
    EventRecord,
    OutboxError,
    Status,
    Subscription,
    checked_identities,
    checked_subscription,
    disabled_reason,
    same_subscription,
    updated_subscription,
)
from ..routes import SubscriptionCache
from ..statuses import subscription_status
from .attempt_log import log_rows, logged_attempt
from .browse_scripts import BROWSE_SCRIPTS
from .browsing import RedisBrowsing
from .layout import DUE, PRELUDE, attempts_key
from .queue_scripts import QUEUE_SCRIPTS
from .schema import SCHEMA_SCRIPTS
from .store_scripts import STORE_SCRIPTS
from .subscriptions import read_subscriptions, subscription_row

if TYPE_CHECKING:
    from redis import Redis
    from redis.commands.core import Script

__all__ = ["DEFAULT_PREFIX", "DEFAULT_URL", "RedisOutbox", "open_redis"]

DEFAULT_URL: Final = "redis://127.0.0.1:6379/0"
DEFAULT_PREFIX: Final = "salesman-events:"
URL_SCHEMES: Final = ("redis://", "rediss://", "unix://")
CHUNK: Final = 1_000  # events stored by one script call (~30 ms of Redis's time, measured)
OUTCOMES: Final = ("delivered", "retry", "dead", "disable")
SCRIPTS: Final = {**SCHEMA_SCRIPTS, **STORE_SCRIPTS, **QUEUE_SCRIPTS, **BROWSE_SCRIPTS}  # each run after PRELUDE


def open_redis(url: str = DEFAULT_URL, prefix: str = DEFAULT_PREFIX) -> RedisOutbox:
    """Open the outbox at `redis://host:port/db` (or `rediss://`, `unix://`)."""
    if not url.startswith(URL_SCHEMES):
        raise ValueError(f"not a Redis outbox URL (redis://host:port/db, rediss://…, unix://…): {url!r}")
    return RedisOutbox(url, prefix=prefix)


class RedisOutbox(RedisBrowsing):
    """The `Outbox` (and `browsing.Browsable`) in Redis, shared by every handle opened on the same server and prefix;
    a handle brings the outbox's layout up to date (`schema`) before its first command."""

    def __init__(
        self,
        url: str = DEFAULT_URL,
        *,
        prefix: str = DEFAULT_PREFIX,
        client: Redis | None = None,
        timeout: float = 10.0,
    ) -> None:
        """`client`: a redis-py client to use (left open by `close`); else one is made for `url`, whose commands
        time out after `timeout` seconds and are never retried."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        if not prefix:
            raise ValueError("the Redis outbox needs a key prefix")
        self._where = f"{re.sub(r'//[^@/]*@', '//', url)} (prefix {prefix!r})"  # no password in messages
        self._owns_client, self._closed, self._upgraded = client is None, False, False
        self._redis: Redis = client or redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=min(timeout, 5.0), retry=Retry(NoBackoff(), 0)
        )
        self._unreachable: tuple[type[Exception], ...] = (redis.ConnectionError, redis.TimeoutError)
        self._failed: type[Exception] = redis.RedisError
        self._scripts: dict[str, Script] = {k: self._redis.register_script(PRELUDE + s) for k, s in SCRIPTS.items()}
        self._prefix, self._keys = prefix, [prefix + DUE]
        self._lock = threading.RLock()  # guards closing, and the cache of the subscriptions
        self._cache = SubscriptionCache(self._load, self._lock)
        self._owners: set[str] = set()  # consumers this handle made, removed by `close` when they hold nothing

    def add(self, events: Sequence[EventRecord]) -> int:
        """Store the events CHUNK at a time, each chunk all or nothing; an event already stored (the same id and
        content, as when a failed batch is sent again) is skipped; one with the same id and other content fails."""
        if not events:
            with self._call():  # fails when closed
                return 0
        stored = 0
        for start in range(0, len(events), CHUNK):
            try:
                stored += self._add(events[start : start + CHUNK])
            except OutboxError as error:
                if not start:
                    raise
                done = f"the first {start} of the {len(events)} events were stored; sending them again is safe"
                raise OutboxError(f"{error} ({done})") from error
        return stored

    def subscribe(
        self,
        url: str,
        events: Sequence[str],
        *,
        method: str = "POST",
        format: str = "json",
        secrets: Sequence[str] = (),
        allow_duplicate: bool = False,
        identities: Sequence[int] = (),
    ) -> Subscription:
        method = checked_subscription(url, events, method, format, secrets)
        tenants = checked_identities(identities)
        wanted = Subscription(0, url, tuple(events), method, format, tuple(secrets), identities=tenants)

        def subscribed(existing: dict[int, Subscription]) -> Subscription:
            same = (
                None if allow_duplicate else same_subscription(existing.values(), url, events, method, format, tenants)
            )
            return wanted if same is None else updated_subscription(same, secrets)

        return self._stored(subscribed, duplicate=allow_duplicate)

    def subscriptions(self) -> list[Subscription]:
        return list(self._load()[1].values())

    def set_enabled(self, subscription_id: int, enabled: bool, reason: str = "") -> None:
        """Enable or disable a subscription; KeyError if there is none with that id."""
        if not self._run("set_enabled", [subscription_id, int(enabled), "" if enabled else reason]):
            raise KeyError(f"no subscription {subscription_id} in {self._where}")

    def claim(
        self, owner: str, *, limit: int, lease: float = DEFAULT_LEASE_SECONDS, now: float | None = None
    ) -> list[Due]:
        if not lease > 0:
            raise ValueError(f"lease must be positive, got {lease!r}")
        if limit < 1:
            return []
        now = time.time() if now is None else now
        self._owners.add(owner)
        version, *rows = self._run("claim", [owner, limit, repr(now), repr(now + lease)])
        subscriptions = self._cache.get(text(version)) if rows else {}
        rows.sort(key=lambda row: (float(row[4]), int(row[0])))
        dues = []
        for d, ev, sid, n, _, name, payload, at, trace in rows:
            event = EventRecord(text(ev), text(name), payload, float(at), text(trace))
            dues.append(Due(int(d), event, subscriptions[int(sid)], int(n)))
        return dues

    def record(self, due: Due, owner: str, attempt: Attempt) -> bool:
        if attempt.outcome not in OUTCOMES or (attempt.outcome == "retry" and attempt.next_attempt_at is None):
            raise ValueError(f"an outcome in {OUTCOMES}, and a time for a retry, needed: {attempt!r}")
        a = attempt
        log, failure = log_rows(a)
        reason = disabled_reason(a.status, due.subscription.url) if a.outcome == "disable" else ""
        retry_at = repr(a.next_attempt_at) if a.outcome == "retry" else ""
        ((minute, sid, bucket, delivered, _),) = activity_increments([(due, a)])
        counted = f"{sid}:{bucket}:{'d' if delivered else 'f'}"  # its activity row's counter
        args = [due.delivery_id, owner, due.attempt, a.outcome, retry_at, "" if a.status is None else a.status]
        return bool(self._run("record", [*args, log, reason, repr(time.time()), minute, counted, failure]))

    def release(self, dues: Sequence[Due], owner: str) -> None:
        self._run("release", [owner, repr(time.time()), *(x for d in dues for x in (d.delivery_id, d.attempt))])

    def replay(
        self,
        *,
        event_id: str | None = None,
        since: float | None = None,
        dead: bool = False,
        pending: bool = False,
        subscription_id: int | None = None,
        delivery_ids: Sequence[int] = (),
    ) -> int:
        """Make deliveries pending and due now, attempts from 0: those matching every criterion given, never leased
        ones nor those of disabled subscriptions. Returns how many."""
        named = sorted(set(map(int, delivery_ids)))
        if event_id is None and since is None and not dead and not pending and subscription_id is None and not named:
            raise ValueError("replay needs event_id, since, dead, pending, subscription_id or delivery_ids")
        since_arg = "" if since is None else repr(since)
        sub = "" if subscription_id is None else subscription_id
        args = [event_id or "", since_arg, int(dead), repr(time.time()), int(pending), sub, *named]
        return int(self._run("replay", args))

    def status(self, now: float | None = None) -> Status:
        now = time.time() if now is None else now
        version, stats, *figures = self._run("status", [])
        subscriptions = self._cache.get(text(version))
        counts = {text(k): int(v) for k, v in zip(stats[::2], stats[1::2], strict=True)}
        pending = {int(sid): (int(n), at or None, next_at or None) for sid, n, at, next_at, _ in figures}
        failures = {s: counts.get(f"failures:{s}", 0) for s in subscriptions}
        logged = {int(sid): json.loads(last) for sid, *_, last in figures if last}  # an attempt log row
        errors = {sid: (row[2], row[3], row[0]) for sid, row in logged.items()}  # (status, response, started_at)
        per_subscription = tuple(subscription_status(s, now, pending, failures, errors) for s in subscriptions.values())
        in_flight = sum(n for n, _, _ in pending.values())
        return Status(in_flight, counts.get("delivered", 0), counts.get("dead", 0), per_subscription)

    def attempts(self, delivery_id: int) -> list[Attempt]:
        with self._call():
            rows = self._redis.lrange(attempts_key(self._prefix, delivery_id), 0, -1)
        return [logged_attempt(row) for row in rows]

    def purge(self, before: float, *, limit: int = PURGE_STEP, dead: bool = False) -> int:
        """As `Outbox.purge`; dead letters are taken by the time they died by Redis's clock."""
        return int(self._run("purge", [repr(before), max(0, limit), int(dead)]))

    def close(self) -> None:
        """Remove the consumers this handle made that hold nothing (and any idle for a day), close the connections
        (unless the client was given); the outbox can't be used afterwards."""
        with self._lock:
            if not self._closed and self._owners:
                with suppress(OutboxError):
                    self._run("forget", sorted(self._owners))
            if not self._closed and self._owns_client:
                self._redis.close()
            self._closed = True

    @contextmanager
    def _call(self) -> Iterator[None]:
        """Redis errors reported as OutboxError, with where and why."""
        if self._closed:
            raise OutboxError(f"the Redis outbox {self._where} is closed")
        try:
            if not self._upgraded:  # before this handle's first command (again by another thread: harmless)
                self._scripts["upgrade"](self._keys, [])
                self._upgraded = True
            yield
        except self._unreachable as error:
            raise OutboxError(f"the Redis outbox {self._where} is unreachable: {error}") from error
        except self._failed as error:
            raise OutboxError(f"the Redis outbox {self._where} failed: {error}") from error

    def _run(self, script: str, args: list[Any]) -> Any:
        with self._call():
            return self._scripts[script](self._keys, args)

    def _stored(
        self, change: Callable[[dict[int, Subscription]], Subscription], *, duplicate: bool = False
    ) -> Subscription:
        """`change` of the subscriptions as stored, written (a new one when its id is 0); made again from what they
        are then if they changed meanwhile, unless it is a `duplicate` (added whatever changed)."""
        for _ in range(5):
            version, existing = self._load()
            s = change(existing)
            sid = int(self._run("subscribe", ["" if duplicate else version, s.id or "", subscription_row(s)]))
            if sid > 0:
                return replace(s, id=sid)
        raise OutboxError(f"the Redis outbox {self._where}: the subscriptions keep changing; nothing was stored")

    def _add(self, events: Sequence[EventRecord]) -> int:
        args = [x for e in events for x in (e.id, e.name, e.payload, repr(e.created_at), e.trace)]
        for _ in range(5):  # again if the subscriptions changed since they were cached
            version, routing = self._cache.route(events)
            routes, each = json.dumps(routing.by_name), json.dumps(routing.by_event)
            stored = int(self._run("add", [version, repr(time.time()), routes, each, *args]))
            if stored >= 0:
                return stored
            self._cache.forget()
        raise OutboxError(f"the Redis outbox {self._where}: the subscriptions keep changing; nothing was stored")

    def _load(self) -> tuple[str, dict[int, Subscription]]:
        """The subscriptions as stored, and their version."""
        with self._call():
            return read_subscriptions(self._redis, self._prefix)
