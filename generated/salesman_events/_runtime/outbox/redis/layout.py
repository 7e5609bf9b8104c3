# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""Where the Redis outbox keeps its data: the key names, and the Lua prelude every outbox script starts with.

Keys, all under ``prefix`` (deployments can share one Redis; on Redis Cluster give the prefix a hash tag, e.g.
``"{salesman-events}:"``): ``schema`` (the layout's version, `schema.SCHEMA_VERSION`); ``event:<id>`` (name,
payload, created_at, delivery ids, trace when it has one) and ``events:time``; ``subs`` (id -> JSON: url, events,
method, format, secrets, identities, retire_after — the last two absent from rows made before them), ``subs:next``,
``subs:version`` (moved by every change: handles cache the subscriptions), ``disabled`` (id -> reason);
``delivery:<id>`` (event, sub, state, attempts, next_at, created_at, updated_at, owner, expires, last_status, entry)
and ``deliveries:next`` (ids are consecutive); ``attempts:<id>`` (JSON list); ``stats``, ``open:<sub>`` and
``last_failure`` (sub -> its last failed attempt's log row, without headers) for ``status``; ``activity:<minute>``
(``<sub>:<bucket>:d`` and ``:f``: attempts delivered and failed) and ``activity:minutes`` (the minutes held) for the
console; ``finished`` (deliveries delivered or cancelled, by when) and ``bare`` (events that went nowhere, by
creation) for ``purge``. The queue's keys (``due``, ``scheduled``, ``leases``, ``parked:<sub>``, ``dead``) are
described in `queue_scripts`.

A script is given one key, the stream ``<prefix>due``, and finds the prefix by taking ``due`` off its end.
"""

from __future__ import annotations

from typing import Final

__all__ = ["DUE", "PRELUDE", "SUBSCRIPTION_KEYS", "attempts_key"]

DUE: Final = "due"  # the one key every script is given (KEYS[1]); the prelude takes these 3 characters off its end
SUBSCRIPTION_KEYS: Final = ("subs:version", "subs", "disabled")  # what a handle reads to cache the subscriptions

PRELUDE: Final = """local R, due, group = redis.call, KEYS[1], 'workers'
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


def attempts_key(prefix: str, delivery_id: int) -> str:
    """The list of a delivery's attempts, as JSON rows."""
    return f"{prefix}attempts:{delivery_id}"
