"""The Redis outbox engine: the same queue shared by emitters and workers on many machines, on Redis Streams.

Layout (every key under ``prefix``, so deployments can share one Redis; on Redis Cluster give the prefix a hash
tag, e.g. ``"{salesman-events}:"``, so that every key is in one slot): ``event:<id>`` hashes (name, payload,
created_at, its delivery ids) and ``events:time`` (event ids by created_at, for ``replay(since=)``); ``subs`` (id ->
JSON), ``subs:next``, ``subs:version`` (bumped by every change, so handles cache the subscriptions) and ``disabled``
(id -> reason); ``delivery:<id>`` hashes (event, sub, state, attempts, next_at, created_at, owner, expires,
last_status, entry) and ``deliveries:next``; ``attempts:<id>`` lists of JSON attempts; ``stats`` (delivered, dead,
cancelled, failures:<sub>) and ``open:<sub>`` (its pending or delivering deliveries by event time) for ``status``.

Queue: a delivery that is due is an entry of the stream ``due``, read by the consumer group ``workers`` (XREADGROUP,
consumer name = owner); while leased it sits in that consumer's pending list, and its final outcome XACKs and XDELs
it, so the stream holds nothing but outstanding work. Retries not yet due wait in the sorted set ``scheduled`` and
are moved into the stream by the first ``claim`` that finds them due; deliveries of a disabled subscription wait in
``parked:<sub>`` until it is enabled again; dead ones are also in ``dead``. A lease is owner + attempt number, kept
on the delivery and indexed by expiry in ``leases``: a lease expires by the caller's clock (``claim(now=)``), with
the lease length each claimer chose, so the engine finds stale attempts of dead workers there and XCLAIMs their
entries to the new owner (XAUTOCLAIM can't serve: its idle time is Redis's own clock, blind to ``now``).
If the group is missing (a fresh prefix, or XGROUP DESTROY), ``claim`` creates it from the stream's start, which
hands out again exactly the outstanding entries, and re-enqueues any pending delivery whose entry was lost (the
stream deleted too): recovery needs no manual step.

Atomicity: each operation is one Lua script (EVALSHA), which Redis runs alone. Scripts check everything before their
first write (Redis refuses a script's first write when out of memory, and never rolls a script back), so nothing is
half-done. ``add`` stores 1,000 events per script call, each call all or nothing, so a 50,000-event batch is atomic
per chunk of 1,000, not as a whole: one call for all of it held Redis (every emitter and worker) for 1.5-2 s here,
and a batch big enough to pass ``busy-reply-threshold`` (5 s) would make Redis answer BUSY to everyone. When a chunk
fails, the error says how many events were stored before it; sending the batch again is safe, because an event
already stored with the same id and content is skipped (one with the same id and other content is refused).

Durability: Redis acknowledges a write once it is in memory. With ``appendonly yes`` and ``appendfsync always`` an
acknowledged ``add`` survives any crash or power loss; with ``appendfsync everysec`` a crash of Redis or the machine
loses up to about the last second; RDB snapshots alone can lose minutes. Replication is asynchronous: a Redis
without replicas is only as durable as its persistence, and a failover may drop the last writes. Use
``maxmemory-policy noeviction``: an evicting Redis silently drops outbox keys. Connection failures raise
``OutboxError`` at once, never retried here (a script must not run twice): the caller backs off.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from http import HTTPStatus
from typing import TYPE_CHECKING, Any, Final

from .outbox import (
    DEFAULT_LEASE_SECONDS,
    Attempt,
    Due,
    EventRecord,
    OutboxError,
    Status,
    Subscription,
    SubscriptionStatus,
    matches,
)

if TYPE_CHECKING:
    from redis import Redis
    from redis.commands.core import Script

__all__ = ["DEFAULT_PREFIX", "DEFAULT_URL", "RedisOutbox", "open_redis"]

DEFAULT_URL: Final = "redis://127.0.0.1:6379/0"
DEFAULT_PREFIX: Final = "salesman-events:"
URL_SCHEMES: Final = ("redis://", "rediss://", "unix://")
CHUNK: Final = 1_000  # events stored by one script call (~30 ms of Redis's time, measured)
RESPONSE_LIMIT: Final = 2_000  # characters of a response (or error) kept in the attempt log
ROUTE_CACHE_LIMIT: Final = 10_000
METHODS: Final = ("POST", "GET")
FORMATS: Final = ("json", "form", "salesman")
OUTCOMES: Final = ("delivered", "retry", "dead", "disable")

_COMMON: Final = """local due, group = KEYS[1], 'workers'
local p = string.sub(due, 1, -4)
local function dkey(d) return p .. 'delivery:' .. d end
local function enqueue(d) redis.call('HSET', dkey(d), 'entry', redis.call('XADD', due, '*', 'd', d)) end
local function retire(d)
  local e = redis.call('HGET', dkey(d), 'entry')
  if e and e ~= '' then redis.call('XACK', due, group, e); redis.call('XDEL', due, e) end
  redis.call('HSET', dkey(d), 'entry', '')
end
"""
_SCRIPTS: Final = {
    "add": """if (redis.call('GET', p .. 'subs:version') or '0') ~= ARGV[1] then return -1 end
local routes, now, seen, skip, total = cjson.decode(ARGV[3]), tonumber(ARGV[2]), {}, {}, 0
for i = 4, #ARGV, 4 do  -- every check before the first write
  local id = ARGV[i]
  if seen[id] then return redis.error_reply('event ' .. id .. ' is twice in the batch') end
  seen[id] = true
  local stored = redis.call('HMGET', p .. 'event:' .. id, 'name', 'payload', 'created_at')
  if stored[1] and (stored[1] ~= ARGV[i + 1] or stored[2] ~= ARGV[i + 2] or stored[3] ~= ARGV[i + 3]) then
    return redis.error_reply('event ' .. id .. ' is already stored, with other content')
  end
  skip[i] = stored[1]  -- the very same event, sent again: already done
  if not skip[i] then total = total + #(routes[ARGV[i + 1]] or {}) end
end
local d, times, scheduled, open = redis.call('INCRBY', p .. 'deliveries:next', total) - total, {}, {}, {}
local function zadd(key, args)
  for i = 1, #args, 7000 do redis.call('ZADD', key, unpack(args, i, math.min(i + 6999, #args))) end
end
for i = 4, #ARGV, 4 do
  local created, ds = ARGV[i + 3], {}
  for _, sid in ipairs(skip[i] and {} or routes[ARGV[i + 1]] or {}) do
    d = d + 1
    ds[#ds + 1] = d
    local entry = ''
    if tonumber(created) <= now then entry = redis.call('XADD', due, '*', 'd', d)
    else scheduled[#scheduled + 1], scheduled[#scheduled + 2] = created, d end
    redis.call('HSET', dkey(d), 'event', ARGV[i], 'sub', sid, 'state', 'pending', 'attempts', 0, 'next_at', created,
      'created_at', created, 'entry', entry)
    open[sid] = open[sid] or {}
    open[sid][#open[sid] + 1], open[sid][#open[sid] + 2] = created, d
  end
  if not skip[i] then
    redis.call('HSET', p .. 'event:' .. ARGV[i], 'name', ARGV[i + 1], 'payload', ARGV[i + 2], 'created_at', created,
      'deliveries', table.concat(ds, ' '))
    times[#times + 1], times[#times + 2] = created, ARGV[i]
  end
end
zadd(p .. 'events:time', times)
zadd(p .. 'scheduled', scheduled)
for sid, args in pairs(open) do zadd(p .. 'open:' .. sid, args) end
return total""",
    "claim": """local owner, limit, now, expires, taken = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], {}
local function has_group()
  if redis.call('EXISTS', due) == 0 then return false end
  for _, g in ipairs(redis.call('XINFO', 'GROUPS', due)) do if g[2] == group then return true end end
  return false
end
if not has_group() then  -- read again from the start: the stream holds only outstanding work
  redis.call('XGROUP', 'CREATE', due, group, '0', 'MKSTREAM')
  for _, sid in ipairs(redis.call('HKEYS', p .. 'subs')) do  -- pending ones whose entry went with the stream
    for _, d in ipairs(redis.call('ZRANGE', p .. 'open:' .. sid, 0, -1)) do
      local state, e = unpack(redis.call('HMGET', dkey(d), 'state', 'entry'))
      if state == 'pending' and not redis.call('ZSCORE', p .. 'scheduled', d)
        and not redis.call('ZSCORE', p .. 'parked:' .. sid, d)
        and (e == '' or #redis.call('XRANGE', due, e, e) == 0) then enqueue(d) end
    end
  end
end
local function lease(d)
  local k = dkey(d)
  local sid, next_at = unpack(redis.call('HMGET', k, 'sub', 'next_at'))
  redis.call('ZREM', p .. 'leases', d)
  if redis.call('HEXISTS', p .. 'disabled', sid) == 1 then  -- waits until its subscription is enabled
    retire(d)
    redis.call('HSET', k, 'state', 'pending', 'owner', '', 'expires', '')
    redis.call('ZADD', p .. 'parked:' .. sid, next_at, d)
    return
  end
  local n = redis.call('HINCRBY', k, 'attempts', 1)
  redis.call('HSET', k, 'state', 'delivering', 'owner', owner, 'expires', expires)
  redis.call('ZADD', p .. 'leases', expires, d)
  local ev = redis.call('HGET', k, 'event')
  local name, payload, created = unpack(redis.call('HMGET', p .. 'event:' .. ev, 'name', 'payload', 'created_at'))
  taken[#taken + 1] = {d, ev, sid, n, next_at, name, payload, created}
end
for _, d in ipairs(redis.call('ZRANGEBYSCORE', p .. 'scheduled', '-inf', ARGV[3], 'LIMIT', 0, 1000)) do
  redis.call('ZREM', p .. 'scheduled', d)
  enqueue(d)
end
for _, d in ipairs(redis.call('ZRANGEBYSCORE', p .. 'leases', '-inf', '(' .. ARGV[3], 'LIMIT', 0, limit)) do
  local e = redis.call('HGET', dkey(d), 'entry')
  if e and e ~= '' then redis.call('XCLAIM', due, group, owner, 0, e, 'JUSTID') end  -- a dead worker's entry
  lease(d)
end
while #taken < limit do
  local read = redis.call('XREADGROUP', 'GROUP', group, owner, 'COUNT', limit - #taken, 'STREAMS', due, '>')
  if not read then break end
  for _, m in ipairs(read[1][2]) do
    local e, d = m[1], m[2][2]
    local state, entry, at, holder = unpack(redis.call('HMGET', dkey(d), 'state', 'entry', 'expires', 'owner'))
    if entry ~= e then redis.call('XACK', due, group, e); redis.call('XDEL', due, e)  -- a stale duplicate
    elseif state == 'delivering' and tonumber(at) >= now then  -- re-read after the group was recreated
      redis.call('XCLAIM', due, group, holder, 0, e, 'JUSTID')
    elseif state == 'delivering' then lease(d)
    elseif state ~= 'pending' then retire(d)
    else
      local next_at = redis.call('HGET', dkey(d), 'next_at')
      if tonumber(next_at) > now then retire(d); redis.call('ZADD', p .. 'scheduled', next_at, d) else lease(d) end
    end
  end
end
return {redis.call('GET', p .. 'subs:version') or '0', unpack(taken)}""",
    "record": """local d, o = ARGV[1], ARGV[4]
local k = dkey(d)
local state, holder, n, sid = unpack(redis.call('HMGET', k, 'state', 'owner', 'attempts', 'sub'))
if state ~= 'delivering' or holder ~= ARGV[2] or n ~= ARGV[3] then return 0 end
retire(d)
redis.call('ZREM', p .. 'leases', d)
redis.call('RPUSH', p .. 'attempts:' .. d, ARGV[7])
redis.call('HSET', k, 'owner', '', 'expires', '', 'last_status', ARGV[6])
if o ~= 'delivered' then redis.call('HINCRBY', p .. 'stats', 'failures:' .. sid, 1) end
if o == 'retry' then
  redis.call('HSET', k, 'state', 'pending', 'next_at', ARGV[5])
  redis.call('ZADD', p .. 'scheduled', ARGV[5], d)
  return 1
end
local final = ({delivered = 'delivered', dead = 'dead', disable = 'cancelled'})[o]
redis.call('HSET', k, 'state', final)
redis.call('ZREM', p .. 'open:' .. sid, d)
redis.call('HINCRBY', p .. 'stats', final, 1)
if o == 'dead' then redis.call('SADD', p .. 'dead', d) end
if o == 'disable' then redis.call('HSET', p .. 'disabled', sid, ARGV[8]); redis.call('INCR', p .. 'subs:version') end
return 1""",
    "release": """for i = 3, #ARGV, 2 do
  local d = ARGV[i]
  local state, holder, n = unpack(redis.call('HMGET', dkey(d), 'state', 'owner', 'attempts'))
  if state == 'delivering' and holder == ARGV[1] and n == ARGV[i + 1] then
    retire(d)
    redis.call('ZREM', p .. 'leases', d)
    redis.call('HSET', dkey(d), 'state', 'pending', 'owner', '', 'expires', '', 'next_at', ARGV[2],
      'attempts', tonumber(n) - 1)
    enqueue(d)
  end
end""",
    "replay": """local ids, count, since = {}, 0, tonumber(ARGV[2])
local function of_event(id)
  for d in string.gmatch(redis.call('HGET', p .. 'event:' .. id, 'deliveries') or '', '%d+') do ids[#ids + 1] = d end
end
if ARGV[1] ~= '' then of_event(ARGV[1])
elseif ARGV[3] == '1' then ids = redis.call('SMEMBERS', p .. 'dead')
else for _, id in ipairs(redis.call('ZRANGEBYSCORE', p .. 'events:time', ARGV[2], '+inf')) do of_event(id) end end
for _, d in ipairs(ids) do
  local state, sid, created = unpack(redis.call('HMGET', dkey(d), 'state', 'sub', 'created_at'))
  if state and state ~= 'delivering' and redis.call('HEXISTS', p .. 'disabled', sid) == 0
    and (ARGV[3] ~= '1' or state == 'dead') and (not since or tonumber(created) >= since) then
    count = count + 1
    if state ~= 'pending' then
      redis.call('HINCRBY', p .. 'stats', state, -1)
      redis.call('ZADD', p .. 'open:' .. sid, created, d)
      redis.call('SREM', p .. 'dead', d)
      enqueue(d)
    elseif redis.call('ZREM', p .. 'scheduled', d) == 1 then enqueue(d) end
    redis.call('HSET', dkey(d), 'state', 'pending', 'attempts', 0, 'next_at', ARGV[4])
  end
end
return count""",
    "subscribe": """local id = redis.call('INCR', p .. 'subs:next')
redis.call('HSET', p .. 'subs', id, ARGV[1])
redis.call('INCR', p .. 'subs:version')
return id""",
    "set_enabled": """if redis.call('HEXISTS', p .. 'subs', ARGV[1]) == 0 then return 0 end
if ARGV[2] == '1' then
  redis.call('HDEL', p .. 'disabled', ARGV[1])
  for _, d in ipairs(redis.call('ZRANGE', p .. 'parked:' .. ARGV[1], 0, -1)) do enqueue(d) end
  redis.call('DEL', p .. 'parked:' .. ARGV[1])
else redis.call('HSET', p .. 'disabled', ARGV[1], ARGV[3]) end
redis.call('INCR', p .. 'subs:version')
return 1""",
    "status": """local out = {redis.call('GET', p .. 'subs:version') or '0', redis.call('HGETALL', p .. 'stats')}
for _, sid in ipairs(redis.call('HKEYS', p .. 'subs')) do
  local oldest = redis.call('ZRANGE', p .. 'open:' .. sid, 0, 0, 'WITHSCORES')
  out[#out + 1] = {sid, redis.call('ZCARD', p .. 'open:' .. sid), oldest[2] or ''}
end
return out""",
}


def _disabled_reason(status: int | None, url: str) -> str:
    """E.g. "410 Gone from https://example.com/hook"."""
    if status is None:
        return f"disabled after an attempt to {url}"
    try:
        return f"{status} {HTTPStatus(status).phrase} from {url}"
    except ValueError:  # not a registered status code
        return f"{status} from {url}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def open_redis(url: str = DEFAULT_URL, prefix: str = DEFAULT_PREFIX) -> RedisOutbox:
    """Open the outbox at `redis://host:port/db` (or `rediss://`, `unix://`)."""
    if not url.startswith(URL_SCHEMES):
        raise ValueError(f"not a Redis outbox URL (redis://host:port/db, rediss://…, unix://…): {url!r}")
    return RedisOutbox(url, prefix=prefix)


class RedisOutbox:
    """The `Outbox` in Redis, shared by every handle opened on the same server and prefix."""

    def __init__(self, url: str = DEFAULT_URL, *, prefix: str = DEFAULT_PREFIX, client: Redis | None = None,
                 timeout: float = 10.0) -> None:  # fmt: skip
        """`client`: a redis-py client to use (left open by `close`); else one is made for `url`, whose commands
        time out after `timeout` seconds and are never retried."""
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        if not prefix:
            raise ValueError("the Redis outbox needs a key prefix")
        self._where = f"{re.sub(r'//[^@/]*@', '//', url)} (prefix {prefix!r})"  # no password in messages
        self._owns_client = client is None
        self._redis: Redis = client or redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=min(timeout, 5.0), retry=Retry(NoBackoff(), 0)
        )
        self._unreachable: tuple[type[Exception], ...] = (redis.ConnectionError, redis.TimeoutError)
        self._failed: type[Exception] = redis.RedisError
        self._scripts: dict[str, Script] = {k: self._redis.register_script(_COMMON + s) for k, s in _SCRIPTS.items()}
        self._prefix, self._due = prefix, prefix + "due"
        self._lock = threading.Lock()
        self._closed = False
        self._version: str | None = None  # of the cached subscriptions
        self._subscriptions: dict[int, Subscription] = {}
        self._routes: dict[str, list[int]] = {}

    def add(self, events: Sequence[EventRecord]) -> int:
        """Store the events CHUNK at a time, each chunk all or nothing; an event already stored (the same id and
        content, as when a failed batch is sent again) is skipped; one with the same id and other content fails."""
        if not events:
            with self._call():
                return 0
        stored = 0
        for start in range(0, len(events), CHUNK):
            try:
                stored += self._add(events[start : start + CHUNK])
            except OutboxError as error:
                if start:
                    done = f"the first {start} of the {len(events)} events were stored; sending them again is safe"
                    raise OutboxError(f"{error} ({done})") from error
                raise
        return stored

    def subscribe(self, url: str, events: Sequence[str], *, method: str = "POST", format: str = "json",
                  secrets: Sequence[str] = ()) -> Subscription:  # fmt: skip
        method = method.upper()
        if not url or method not in METHODS or format not in FORMATS:
            raise ValueError(f"a subscription needs a URL, a method in {METHODS} and a format in {FORMATS}")
        if isinstance(events, str) or not events or not all(isinstance(e, str) and e for e in events):
            raise ValueError(f"a subscription needs a non-empty list of event names or patterns, got {events!r}")
        row = {"url": url, "events": list(events), "method": method, "format": format, "secrets": list(secrets)}
        with self._call():
            sid = int(self._run("subscribe", [self._due], [json.dumps(row)]))
        return Subscription(sid, url, tuple(events), method, format, tuple(secrets))

    def subscriptions(self) -> list[Subscription]:
        with self._call():
            return list(self._load()[1].values())

    def set_enabled(self, subscription_id: int, enabled: bool, reason: str = "") -> None:
        """Enable or disable a subscription; KeyError if there is none with that id."""
        with self._call():
            args = [subscription_id, int(enabled), "" if enabled else reason]
            if not self._run("set_enabled", [self._due], args):
                raise KeyError(f"no subscription {subscription_id} in {self._where}")

    def claim(
        self, owner: str, *, limit: int, lease: float = DEFAULT_LEASE_SECONDS, now: float | None = None
    ) -> list[Due]:
        if not lease > 0:
            raise ValueError(f"lease must be positive, got {lease!r}")
        with self._call():
            if limit < 1:
                return []
            now = time.time() if now is None else now
            version, *rows = self._run("claim", [self._due], [owner, limit, repr(now), repr(now + lease)])
            if not rows:
                return []
            subscriptions = self._cached(_text(version))
        rows.sort(key=lambda row: (float(row[4]), int(row[0])))
        return [
            Due(int(d), EventRecord(_text(ev), _text(name), payload, float(at)), subscriptions[int(sid)], int(n))
            for d, ev, sid, n, _, name, payload, at in rows
        ]

    def record(self, due: Due, owner: str, attempt: Attempt) -> bool:
        if attempt.outcome not in OUTCOMES or (attempt.outcome == "retry" and attempt.next_attempt_at is None):
            raise ValueError(f"an outcome in {OUTCOMES}, and a time for a retry, needed: {attempt!r}")
        retry_at = repr(attempt.next_attempt_at) if attempt.outcome == "retry" else ""
        log = [attempt.started_at, attempt.latency, attempt.status, attempt.response[:RESPONSE_LIMIT]]
        log += [attempt.outcome, attempt.next_attempt_at]
        reason = _disabled_reason(attempt.status, due.subscription.url) if attempt.outcome == "disable" else ""
        status = "" if attempt.status is None else attempt.status
        args = [due.delivery_id, owner, due.attempt, attempt.outcome, retry_at, status, json.dumps(log), reason]
        with self._call():
            return bool(self._run("record", [self._due], args))

    def release(self, dues: Sequence[Due], owner: str) -> None:
        with self._call():
            if dues:
                pairs = [x for d in dues for x in (d.delivery_id, d.attempt)]
                self._run("release", [self._due], [owner, repr(time.time()), *pairs])

    def replay(self, *, event_id: str | None = None, since: float | None = None, dead: bool = False) -> int:
        """Make deliveries pending again, attempts from 0: those matching every criterion given, never leased ones
        nor those of disabled subscriptions. Returns how many."""
        if event_id is None and since is None and not dead:
            raise ValueError("replay needs event_id, since or dead")
        args = [event_id or "", "" if since is None else repr(since), int(dead), repr(time.time())]
        with self._call():
            return int(self._run("replay", [self._due], args))

    def status(self, now: float | None = None) -> Status:
        now = time.time() if now is None else now
        with self._call():
            version, stats, *figures = self._run("status", [self._due], [])
            subscriptions = self._cached(_text(version))
        counts = {_text(k): int(v) for k, v in zip(stats[::2], stats[1::2], strict=True)}
        pending = {int(sid): (int(n), max(0.0, now - float(at)) if at else None) for sid, n, at in figures}
        per_subscription = tuple(
            SubscriptionStatus(s, *pending.get(s.id, (0, None)), counts.get(f"failures:{s.id}", 0))
            for s in subscriptions.values()
        )
        in_flight = sum(n for n, _ in pending.values())
        return Status(in_flight, counts.get("delivered", 0), counts.get("dead", 0), per_subscription)

    def attempts(self, delivery_id: int) -> list[Attempt]:
        with self._call():
            rows = self._redis.lrange(f"{self._prefix}attempts:{delivery_id}", 0, -1)
        return [Attempt(*json.loads(row)) for row in rows]

    def close(self) -> None:
        """Close the connections (unless the client was given); the outbox can't be used afterwards."""
        with self._lock:
            if not self._closed and self._owns_client:
                self._redis.close()
            self._closed = True

    @contextmanager
    def _call(self) -> Iterator[None]:
        """Redis errors reported as OutboxError, with where and why."""
        if self._closed:
            raise OutboxError(f"the Redis outbox {self._where} is closed")
        try:
            yield
        except self._unreachable as error:
            raise OutboxError(f"the Redis outbox {self._where} is unreachable: {error}") from error
        except self._failed as error:
            raise OutboxError(f"the Redis outbox {self._where} failed: {error}") from error

    def _add(self, events: Sequence[EventRecord]) -> int:
        args = [x for e in events for x in (e.id, e.name, e.payload, repr(e.created_at))]
        with self._call():
            for _ in range(5):  # again if the subscriptions changed since they were cached
                version, routes = self._route({e.name for e in events})
                stored = int(self._run("add", [self._due], [version, repr(time.time()), json.dumps(routes), *args]))
                if stored >= 0:
                    return stored
                self._version = None
        raise OutboxError(f"the Redis outbox {self._where}: the subscriptions keep changing; nothing was stored")

    def _run(self, script: str, keys: list[str], args: list[Any]) -> Any:
        return self._scripts[script](keys, args)

    def _load(self) -> tuple[str, dict[int, Subscription]]:
        """The subscriptions as stored, and their version."""
        pipe = self._redis.pipeline(transaction=True)
        for command, key in ((pipe.get, "subs:version"), (pipe.hgetall, "subs"), (pipe.hgetall, "disabled")):
            command(self._prefix + key)
        version, rows, disabled = pipe.execute()
        reasons = {int(k): _text(v) for k, v in disabled.items()}
        subscriptions = {}
        for sid in sorted(int(k) for k in rows):
            s = json.loads(rows[str(sid).encode()])
            events, secrets = tuple(s["events"]), tuple(s["secrets"])
            subscriptions[sid] = Subscription(sid, s["url"], events, s["method"], s["format"], secrets,
                                              sid not in reasons, reasons.get(sid, ""))  # fmt: skip
        return ("0" if version is None else _text(version)), subscriptions

    def _refresh(self, version: str | None) -> str:
        """Read the subscriptions again unless `version` is the cached one (with the lock held); their version."""
        if self._version is None or version != self._version:
            self._version, self._subscriptions = self._load()
            self._routes = {}
        return self._version

    def _cached(self, version: str) -> dict[int, Subscription]:
        with self._lock:
            self._refresh(version)
            return self._subscriptions

    def _route(self, names: set[str]) -> tuple[str, dict[str, list[int]]]:
        """The cached version, and the enabled subscriptions each event name goes to."""
        with self._lock:
            version = self._refresh(self._version)
            if len(self._routes) >= ROUTE_CACHE_LIMIT:
                self._routes = {}
            for name in names - self._routes.keys():
                self._routes[name] = [
                    s.id for s in self._subscriptions.values() if s.enabled and matches(s.events, name)
                ]
            return version, {name: self._routes[name] for name in names}
