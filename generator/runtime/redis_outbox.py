"""The Redis outbox engine: one queue shared by emitters and workers on many machines, on Redis Streams.

Keys, all under ``prefix`` (deployments can share one Redis; on Redis Cluster give the prefix a hash tag, e.g.
``"{salesman-events}:"``): ``event:<id>`` (name, payload, created_at, delivery ids) and ``events:time``; ``subs``
(id -> JSON), ``subs:next``, ``subs:version`` (moved by every change: handles cache the subscriptions), ``disabled``
(id -> reason); ``delivery:<id>`` (event, sub, state, attempts, next_at, created_at, owner, expires, last_status,
entry) and ``deliveries:next``; ``attempts:<id>`` (JSON list); ``stats`` and ``open:<sub>`` for ``status``.

Queue: a due delivery is an entry of the stream ``due``, read by the consumer group ``workers`` (XREADGROUP, consumer
= owner); leased, it is in that consumer's pending list; its outcome XACKs and XDELs it, so the stream holds only
outstanding work. Retries wait in the sorted set ``scheduled`` until a ``claim`` finds them due and XADDs them;
deliveries of a disabled subscription wait in ``parked:<sub>``; dead ones are also entries of the ``dead`` stream (the
dead letter). A lease (owner + attempt number, on the delivery) expires by the caller's clock (``claim(now=)``) after
the length its claimer chose, so leases are indexed by expiry in ``leases``: a claim takes the expired ones and
XCLAIMs their entries from the dead worker (XAUTOCLAIM can't: its idle time is Redis's own clock, blind to ``now``). A
missing group (fresh prefix, XGROUP DESTROY) is created by ``claim`` from the stream's start, which hands out the
outstanding entries again; if the stream went too, pending deliveries without an entry get a new one: recovery needs
no manual step.

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
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
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
    checked_subscription,
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
OUTCOMES: Final = ("delivered", "retry", "dead", "disable")

_COMMON: Final = """local R, due, group = redis.call, KEYS[1], 'workers'
local p = string.sub(due, 1, -4)
local function dkey(d) return p .. 'delivery:' .. d end
local function enqueue(d) R('HSET', dkey(d), 'entry', R('XADD', due, '*', 'd', d)) end
local function changed()  -- a version never seen before, even after the keys were lost (a restart without data)
  local t = R('TIME')
  R('SET', p .. 'subs:version', t[1] .. '.' .. t[2] .. ':' .. R('INCR', p .. 'subs:changes'))
end
local function retire(d)  -- its stream entry, if any, acknowledged and deleted
  local e = R('HGET', dkey(d), 'entry')
  if e and e ~= '' then R('XACK', due, group, e); R('XDEL', due, e); R('HSET', dkey(d), 'entry', '') end
end
"""
_SCRIPTS: Final = {
    "add": """if (R('GET', p .. 'subs:version') or '0') ~= ARGV[1] then return -1 end
local routes, now, seen, skip, total = cjson.decode(ARGV[3]), tonumber(ARGV[2]), {}, {}, 0
for i = 4, #ARGV, 4 do  -- every check before the first write
  local id, name = ARGV[i], ARGV[i + 1]
  if seen[id] then return redis.error_reply('event ' .. id .. ' is twice in the batch') end
  local stored = R('HMGET', p .. 'event:' .. id, 'name', 'payload', 'created_at')
  if stored[1] and (stored[1] ~= name or stored[2] ~= ARGV[i + 2] or stored[3] ~= ARGV[i + 3]) then
    return redis.error_reply('event ' .. id .. ' is already stored, with other content')
  end
  seen[id], skip[i] = true, stored[1]  -- the very same event sent again is skipped
  if not skip[i] then total = total + #(routes[name] or {}) end
end
local d, times, scheduled, open = R('INCRBY', p .. 'deliveries:next', total) - total, {}, {}, {}
local function zadd(key, args)
  for i = 1, #args, 7000 do R('ZADD', key, unpack(args, i, math.min(i + 6999, #args))) end
end
for i = 4, #ARGV, 4 do
  local id, created, ds = ARGV[i], ARGV[i + 3], {}
  for _, sid in ipairs(skip[i] and {} or routes[ARGV[i + 1]] or {}) do
    local entry = ''
    d = d + 1
    if tonumber(created) <= now then entry = R('XADD', due, '*', 'd', d)
    else scheduled[#scheduled + 1], scheduled[#scheduled + 2] = created, d end
    R('HSET', dkey(d), 'event', id, 'sub', sid, 'state', 'pending', 'attempts', 0, 'next_at', created,
      'created_at', created, 'entry', entry)
    open[sid], ds[#ds + 1] = open[sid] or {}, d
    open[sid][#open[sid] + 1], open[sid][#open[sid] + 2] = created, d
  end
  if not skip[i] then
    R('HSET', p .. 'event:' .. id, 'name', ARGV[i + 1], 'payload', ARGV[i + 2], 'created_at', created,
      'deliveries', table.concat(ds, ' '))
    times[#times + 1], times[#times + 2] = created, id
  end
end
zadd(p .. 'events:time', times); zadd(p .. 'scheduled', scheduled)
for sid, args in pairs(open) do zadd(p .. 'open:' .. sid, args) end
return total""",
    "claim": """local owner, limit, now, expires = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
local taken, read = {}, 0
local found = false
for _, g in ipairs(R('EXISTS', due) == 1 and R('XINFO', 'GROUPS', due) or {}) do found = found or g[2] == group end
if not found then  -- read again from the start (the stream holds only outstanding work), lost entries made anew
  R('XGROUP', 'CREATE', due, group, '0', 'MKSTREAM')
  for _, sid in ipairs(R('HKEYS', p .. 'subs')) do
    for _, d in ipairs(R('ZRANGE', p .. 'open:' .. sid, 0, -1)) do
      local state, e = unpack(R('HMGET', dkey(d), 'state', 'entry'))
      if state == 'pending' and not R('ZSCORE', p .. 'scheduled', d) and not R('ZSCORE', p .. 'parked:' .. sid, d)
        and (e == '' or #R('XRANGE', due, e, e) == 0) then enqueue(d) end
    end
  end
end
local function lease(d)  -- to the owner, or parked as it is (pending, or leased out) if its subscription is disabled
  local k = dkey(d)
  local sid, next_at, ev, state, e = unpack(R('HMGET', k, 'sub', 'next_at', 'event', 'state', 'entry'))
  R('ZREM', p .. 'leases', d)
  if R('HEXISTS', p .. 'disabled', sid) == 1 then
    if state == 'pending' then retire(d) end
    R('ZADD', p .. 'parked:' .. sid, next_at, d)
    return
  end
  if state == 'delivering' and e ~= '' then R('XCLAIM', due, group, owner, 0, e, 'JUSTID') end  -- a dead worker's
  local n = R('HINCRBY', k, 'attempts', 1)
  R('HSET', k, 'state', 'delivering', 'owner', owner, 'expires', expires); R('ZADD', p .. 'leases', expires, d)
  local name, payload, created = unpack(R('HMGET', p .. 'event:' .. ev, 'name', 'payload', 'created_at'))
  taken[#taken + 1] = {d, ev, sid, n, next_at, name, payload, created}
end
for _, d in ipairs(R('ZRANGEBYSCORE', p .. 'scheduled', '-inf', ARGV[3], 'LIMIT', 0, 1000)) do
  R('ZREM', p .. 'scheduled', d); enqueue(d)
end
for _, d in ipairs(R('ZRANGEBYSCORE', p .. 'leases', '-inf', '(' .. ARGV[3], 'LIMIT', 0, limit)) do lease(d) end
while #taken < limit and read < 10 * limit + 1000 do  -- skipped entries are bounded per call
  local got = R('XREADGROUP', 'GROUP', group, owner, 'COUNT', limit - #taken, 'STREAMS', due, '>')
  if not got then break end
  for _, m in ipairs(got[1][2]) do
    local e, d = m[1], m[2][2]
    local state, entry, at, holder, next_at = unpack(R('HMGET', dkey(d), 'state', 'entry', 'expires', 'owner',
      'next_at'))
    read = read + 1
    if entry ~= e then R('XACK', due, group, e); R('XDEL', due, e)  -- a stale duplicate
    elseif state == 'delivering' and tonumber(at) >= now then R('XCLAIM', due, group, holder, 0, e, 'JUSTID')
    elseif state ~= 'pending' and state ~= 'delivering' then retire(d)
    elseif state == 'pending' and tonumber(next_at) > now then retire(d); R('ZADD', p .. 'scheduled', next_at, d)
    else lease(d) end
  end
end
return {R('GET', p .. 'subs:version') or '0', unpack(taken)}""",
    "record": """local d, o = ARGV[1], ARGV[4]
local k = dkey(d)
local state, holder, n, sid = unpack(R('HMGET', k, 'state', 'owner', 'attempts', 'sub'))
if state ~= 'delivering' or holder ~= ARGV[2] or n ~= ARGV[3] then return 0 end
retire(d); R('ZREM', p .. 'leases', d); R('ZREM', p .. 'parked:' .. sid, d); R('RPUSH', p .. 'attempts:' .. d, ARGV[7])
R('HSET', k, 'owner', '', 'expires', '', 'last_status', ARGV[6])
if o ~= 'delivered' then R('HINCRBY', p .. 'stats', 'failures:' .. sid, 1) end
if o == 'retry' then
  R('HSET', k, 'state', 'pending', 'next_at', ARGV[5]); R('ZADD', p .. 'scheduled', ARGV[5], d)
  return 1
end
local final = ({delivered = 'delivered', dead = 'dead', disable = 'cancelled'})[o]
R('HSET', k, 'state', final); R('ZREM', p .. 'open:' .. sid, d); R('HINCRBY', p .. 'stats', final, 1)
if o == 'dead' then R('HSET', k, 'dead_entry', R('XADD', p .. 'dead', '*', 'd', d)) end  -- the dead-letter stream
if o == 'disable' then R('HSET', p .. 'disabled', sid, ARGV[8]); changed() end
return 1""",
    "release": """for i = 3, #ARGV, 2 do
  local d = ARGV[i]
  local state, holder, n, sid = unpack(R('HMGET', dkey(d), 'state', 'owner', 'attempts', 'sub'))
  if state == 'delivering' and holder == ARGV[1] and n == ARGV[i + 1] then
    retire(d); R('ZREM', p .. 'leases', d); R('ZREM', p .. 'parked:' .. sid, d)
    R('HSET', dkey(d), 'state', 'pending', 'owner', '', 'expires', '', 'next_at', ARGV[2], 'attempts', n - 1)
    enqueue(d)
  end
end""",
    "replay": """local ids, count, since = {}, 0, tonumber(ARGV[2])
local function of_event(id)
  for d in string.gmatch(R('HGET', p .. 'event:' .. id, 'deliveries') or '', '%d+') do ids[#ids + 1] = d end
end
if ARGV[1] ~= '' then of_event(ARGV[1])
elseif ARGV[3] == '1' then for _, e in ipairs(R('XRANGE', p .. 'dead', '-', '+')) do ids[#ids + 1] = e[2][2] end
else for _, id in ipairs(R('ZRANGEBYSCORE', p .. 'events:time', ARGV[2], '+inf')) do of_event(id) end end
for _, d in ipairs(ids) do  -- every criterion given must hold; never leased ones nor disabled subscriptions'
  local state, sid, created = unpack(R('HMGET', dkey(d), 'state', 'sub', 'created_at'))
  if state and state ~= 'delivering' and R('HEXISTS', p .. 'disabled', sid) == 0
    and (ARGV[3] ~= '1' or state == 'dead') and (not since or tonumber(created) >= since) then
    count = count + 1
    if state ~= 'pending' then
      R('HINCRBY', p .. 'stats', state, -1); R('ZADD', p .. 'open:' .. sid, created, d)
      local dead = R('HGET', dkey(d), 'dead_entry')
      if dead and dead ~= '' then R('XDEL', p .. 'dead', dead); R('HSET', dkey(d), 'dead_entry', '') end
      enqueue(d)
    elseif R('ZREM', p .. 'scheduled', d) == 1 then enqueue(d) end
    R('HSET', dkey(d), 'state', 'pending', 'attempts', 0, 'next_at', ARGV[4])
  end
end
return count""",
    "forget": """local mine, consumers = {}, redis.pcall('XINFO', 'CONSUMERS', due, group)
for _, owner in ipairs(ARGV) do mine[owner] = true end
for _, fields in ipairs(consumers.err and {} or consumers) do  -- those holding nothing: this handle's, or long idle
  local c = {}
  for i = 1, #fields, 2 do c[fields[i]] = fields[i + 1] end
  if c.pending == 0 and (mine[c.name] or c.idle > 86400000) then R('XGROUP', 'DELCONSUMER', due, group, c.name) end
end""",
    "subscribe": """local id = R('INCR', p .. 'subs:next')
R('HSET', p .. 'subs', id, ARGV[1]); changed()
return id""",
    "set_enabled": """if R('HEXISTS', p .. 'subs', ARGV[1]) == 0 then return 0 end
if ARGV[2] == '1' then
  R('HDEL', p .. 'disabled', ARGV[1])
  for _, d in ipairs(R('ZRANGE', p .. 'parked:' .. ARGV[1], 0, -1)) do
    local state, at = unpack(R('HMGET', dkey(d), 'state', 'expires'))
    if state == 'delivering' then R('ZADD', p .. 'leases', at, d) elseif state == 'pending' then enqueue(d) end
  end
  R('DEL', p .. 'parked:' .. ARGV[1])
else R('HSET', p .. 'disabled', ARGV[1], ARGV[3]) end
changed()
return 1""",
    "status": """local out = {R('GET', p .. 'subs:version') or '0', R('HGETALL', p .. 'stats')}
for _, sid in ipairs(R('HKEYS', p .. 'subs')) do
  local oldest = R('ZRANGE', p .. 'open:' .. sid, 0, 0, 'WITHSCORES')
  out[#out + 1] = {sid, R('ZCARD', p .. 'open:' .. sid), oldest[2] or ''}
end
return out""",
}


def _disabled_reason(status: int | None, url: str) -> str:
    """E.g. "410 Gone from https://example.com/hook"."""
    phrases = {s.value: f" {s.phrase}" for s in HTTPStatus}
    return f"disabled after an attempt to {url}" if status is None else f"{status}{phrases.get(status, '')} from {url}"


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


def open_redis(url: str = DEFAULT_URL, prefix: str = DEFAULT_PREFIX) -> RedisOutbox:
    """Open the outbox at `redis://host:port/db` (or `rediss://`, `unix://`)."""
    if not url.startswith(URL_SCHEMES):
        raise ValueError(f"not a Redis outbox URL (redis://host:port/db, rediss://…, unix://…): {url!r}")
    return RedisOutbox(url, prefix=prefix)


class RedisOutbox:
    """The `Outbox` in Redis, shared by every handle opened on the same server and prefix."""

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
        self._owns_client, self._closed = client is None, False
        self._redis: Redis = client or redis.Redis.from_url(
            url, socket_timeout=timeout, socket_connect_timeout=min(timeout, 5.0), retry=Retry(NoBackoff(), 0)
        )
        self._unreachable: tuple[type[Exception], ...] = (redis.ConnectionError, redis.TimeoutError)
        self._failed: type[Exception] = redis.RedisError
        self._scripts: dict[str, Script] = {k: self._redis.register_script(_COMMON + s) for k, s in _SCRIPTS.items()}
        self._prefix, self._keys = prefix, [prefix + "due"]
        self._lock = threading.RLock()  # guards the cache of the subscriptions:
        self._version: str | None = None
        self._subscriptions: dict[int, Subscription] = {}
        self._routes: dict[str, list[int]] = {}  # event name -> the enabled subscriptions it goes to
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
    ) -> Subscription:
        method = checked_subscription(url, events, method, format)
        row = {"url": url, "events": list(events), "method": method, "format": format, "secrets": list(secrets)}
        sid = int(self._run("subscribe", [json.dumps(row)]))
        return Subscription(sid, url, tuple(events), method, format, tuple(secrets))

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
        subscriptions = self._cached(_text(version)) if rows else {}
        rows.sort(key=lambda row: (float(row[4]), int(row[0])))
        return [
            Due(int(d), EventRecord(_text(ev), _text(name), payload, float(at)), subscriptions[int(sid)], int(n))
            for d, ev, sid, n, _, name, payload, at in rows
        ]

    def record(self, due: Due, owner: str, attempt: Attempt) -> bool:
        if attempt.outcome not in OUTCOMES or (attempt.outcome == "retry" and attempt.next_attempt_at is None):
            raise ValueError(f"an outcome in {OUTCOMES}, and a time for a retry, needed: {attempt!r}")
        a = attempt
        log = json.dumps([a.started_at, a.latency, a.status, a.response[:RESPONSE_LIMIT], a.outcome, a.next_attempt_at])
        reason = _disabled_reason(a.status, due.subscription.url) if a.outcome == "disable" else ""
        retry_at = repr(a.next_attempt_at) if a.outcome == "retry" else ""
        args = [due.delivery_id, owner, due.attempt, a.outcome, retry_at, "" if a.status is None else a.status]
        return bool(self._run("record", [*args, log, reason]))

    def release(self, dues: Sequence[Due], owner: str) -> None:
        self._run("release", [owner, repr(time.time()), *(x for d in dues for x in (d.delivery_id, d.attempt))])

    def replay(self, *, event_id: str | None = None, since: float | None = None, dead: bool = False) -> int:
        """Make deliveries pending again, attempts from 0: those matching every criterion given, never leased ones
        nor those of disabled subscriptions. Returns how many."""
        if event_id is None and since is None and not dead:
            raise ValueError("replay needs event_id, since or dead")
        since_arg = "" if since is None else repr(since)
        return int(self._run("replay", [event_id or "", since_arg, int(dead), repr(time.time())]))

    def status(self, now: float | None = None) -> Status:
        now = time.time() if now is None else now
        version, stats, *figures = self._run("status", [])
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
            yield
        except self._unreachable as error:
            raise OutboxError(f"the Redis outbox {self._where} is unreachable: {error}") from error
        except self._failed as error:
            raise OutboxError(f"the Redis outbox {self._where} failed: {error}") from error

    def _run(self, script: str, args: list[Any]) -> Any:
        with self._call():
            return self._scripts[script](self._keys, args)

    def _add(self, events: Sequence[EventRecord]) -> int:
        args = [x for e in events for x in (e.id, e.name, e.payload, repr(e.created_at))]
        for _ in range(5):  # again if the subscriptions changed since they were cached
            version, routes = self._route({e.name for e in events})
            stored = int(self._run("add", [version, repr(time.time()), json.dumps(routes), *args]))
            if stored >= 0:
                return stored
            with self._lock:
                self._version = None
        raise OutboxError(f"the Redis outbox {self._where}: the subscriptions keep changing; nothing was stored")

    def _load(self) -> tuple[str, dict[int, Subscription]]:
        """The subscriptions as stored, and their version."""
        with self._call():
            pipe = self._redis.pipeline(transaction=True)
            for command, key in ((pipe.get, "subs:version"), (pipe.hgetall, "subs"), (pipe.hgetall, "disabled")):
                command(self._prefix + key)
            version, rows, disabled = pipe.execute()
        reasons = {int(k): _text(v) for k, v in disabled.items()}
        subscriptions = {}
        for sid in sorted(int(k) for k in rows):
            s = json.loads(rows[str(sid).encode()])
            events, secrets = tuple(s["events"]), tuple(s["secrets"])
            subscriptions[sid] = Subscription(
                sid, s["url"], events, s["method"], s["format"], secrets, sid not in reasons, reasons.get(sid, "")
            )
        return ("0" if version is None else _text(version)), subscriptions

    def _cached(self, version: str | None) -> dict[int, Subscription]:
        """The subscriptions, read again unless `version` is the cached one (None: any cached one will do)."""
        with self._lock:
            if self._version is None or version not in (None, self._version):
                self._version, self._subscriptions = self._load()
                self._routes = {}
            return self._subscriptions

    def _route(self, names: set[str]) -> tuple[str, dict[str, list[int]]]:
        """The cached version, and the enabled subscriptions each event name goes to."""
        with self._lock:
            subscriptions = self._cached(None)
            if len(self._routes) >= ROUTE_CACHE_LIMIT:
                self._routes = {}
            for name in names - self._routes.keys():
                self._routes[name] = [s.id for s in subscriptions.values() if s.enabled and matches(s.events, name)]
            return self._version or "0", {name: self._routes[name] for name in names}
