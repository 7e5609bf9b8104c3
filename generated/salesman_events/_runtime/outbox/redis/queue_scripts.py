# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The Lua scripts of the Redis outbox's queue: who works on which delivery, until when, and what comes next.

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

Scripts: ``claim`` (lease due deliveries, moving due retries to the stream first), ``record`` (an attempt's outcome:
delivered, a retry scheduled, dead, or the subscription disabled), ``release`` (leases given back unused) and
``forget`` (consumers that hold nothing removed). Each runs after `layout.PRELUDE`. A delivery that ends delivered or
cancelled is put in the sorted set ``finished`` by the time it ended, where ``purge`` finds it; each attempt ``record``
logs is counted in its minute's ``activity:<minute>`` too, in the same script.
"""

from __future__ import annotations

from typing import Final

__all__ = ["QUEUE_SCRIPTS"]

QUEUE_SCRIPTS: Final = {
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
  R('HSET', k, 'state', 'delivering', 'owner', owner, 'expires', expires, 'updated_at', ARGV[3])
  R('ZADD', p .. 'leases', expires, d)
  local name, payload, created, trace = unpack(R('HMGET', p .. 'event:' .. ev, 'name', 'payload', 'created_at',
    'trace'))
  taken[#taken + 1] = {d, ev, sid, n, next_at, name, payload, created, trace or ''}
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
R('HSET', k, 'owner', '', 'expires', '', 'last_status', ARGV[6], 'updated_at', ARGV[9])
if R('HINCRBY', p .. 'activity:' .. ARGV[10], ARGV[11], 1) == 1 then  -- a new counter: perhaps a new minute
  R('ZADD', p .. 'activity:minutes', ARGV[10], ARGV[10])
end
if o ~= 'delivered' then
  R('HINCRBY', p .. 'stats', 'failures:' .. sid, 1); R('HSET', p .. 'last_failure', sid, ARGV[12])
end
if o == 'retry' then
  R('HSET', k, 'state', 'pending', 'next_at', ARGV[5]); R('ZADD', p .. 'scheduled', ARGV[5], d)
  return 1
end
local final = ({delivered = 'delivered', dead = 'dead', disable = 'cancelled'})[o]
R('HSET', k, 'state', final); R('ZREM', p .. 'open:' .. sid, d); R('HINCRBY', p .. 'stats', final, 1)
if o ~= 'dead' then R('ZADD', p .. 'finished', ARGV[9], d) end  -- for `purge`, by when it finished
if o == 'dead' then R('HSET', k, 'dead_entry', R('XADD', p .. 'dead', '*', 'd', d)) end  -- the dead-letter stream
if o == 'disable' then R('HSET', p .. 'disabled', sid, ARGV[8]); changed() end
return 1""",
    "release": """for i = 3, #ARGV, 2 do
  local d = ARGV[i]
  local state, holder, n, sid = unpack(R('HMGET', dkey(d), 'state', 'owner', 'attempts', 'sub'))
  if state == 'delivering' and holder == ARGV[1] and n == ARGV[i + 1] then
    retire(d); R('ZREM', p .. 'leases', d); R('ZREM', p .. 'parked:' .. sid, d)
    R('HSET', dkey(d), 'state', 'pending', 'owner', '', 'expires', '', 'next_at', ARGV[2], 'attempts', n - 1,
      'updated_at', ARGV[2])
    enqueue(d)
  end
end""",
    "forget": """local mine, consumers = {}, redis.pcall('XINFO', 'CONSUMERS', due, group)
for _, owner in ipairs(ARGV) do mine[owner] = true end
for _, fields in ipairs(consumers.err and {} or consumers) do  -- those holding nothing: this handle's, or long idle
  local c = {}
  for i = 1, #fields, 2 do c[fields[i]] = fields[i + 1] end
  if c.pending == 0 and (mine[c.name] or c.idle > 86400000) then R('XGROUP', 'DELCONSUMER', due, group, c.name) end
end""",
}
