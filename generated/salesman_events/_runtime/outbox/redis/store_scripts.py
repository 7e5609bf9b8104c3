# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The Lua scripts of the Redis outbox that change what it holds, rather than who works on it: ``add`` (events and
their deliveries), ``replay`` (deliveries made pending again), ``purge`` (retention: finished deliveries, found in
``finished``, the dead letter's oldest entries, events that went nowhere, in ``bare``, and old activity minutes),
``subscribe`` (a subscription added or rewritten), ``set_enabled`` and ``status``.

Each runs after `layout.PRELUDE`; the queue's scripts are in `queue_scripts`.
"""

from __future__ import annotations

from typing import Final

__all__ = ["STORE_SCRIPTS"]

STORE_SCRIPTS: Final = {
    "add": """if (R('GET', p .. 'subs:version') or '0') ~= ARGV[1] then return -1 end
local routes, each, now, seen, skip, total = cjson.decode(ARGV[3]), cjson.decode(ARGV[4]), tonumber(ARGV[2]), {}, {}, 0
local function sids(i)  -- the subscriptions of the event at ARGV[i]: by its name, and those of its tenant
  local own, extra = routes[ARGV[i + 1]] or {}, each[tostring((i - 5) / 5)]
  if not extra then return own end
  local all = {}
  for _, sid in ipairs(own) do all[#all + 1] = sid end
  for _, sid in ipairs(extra) do all[#all + 1] = sid end
  return all
end
for i = 5, #ARGV, 5 do  -- every check before the first write
  local id, name = ARGV[i], ARGV[i + 1]
  if seen[id] then return redis.error_reply('event ' .. id .. ' is twice in the batch') end
  local stored = R('HMGET', p .. 'event:' .. id, 'name', 'payload', 'created_at')
  if stored[1] and (stored[1] ~= name or stored[2] ~= ARGV[i + 2] or stored[3] ~= ARGV[i + 3]) then
    return redis.error_reply('event ' .. id .. ' is already stored, with other content')
  end
  seen[id], skip[i] = true, stored[1]  -- the very same event sent again is skipped
  if not skip[i] then total = total + #sids(i) end
end
local d, times, scheduled, open, bare = R('INCRBY', p .. 'deliveries:next', total) - total, {}, {}, {}, {}
local function zadd(key, args)
  for i = 1, #args, 7000 do R('ZADD', key, unpack(args, i, math.min(i + 6999, #args))) end
end
for i = 5, #ARGV, 5 do
  local id, created, ds = ARGV[i], ARGV[i + 3], {}
  for _, sid in ipairs(skip[i] and {} or sids(i)) do
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
    if ARGV[i + 4] ~= '' then R('HSET', p .. 'event:' .. id, 'trace', ARGV[i + 4]) end  -- only traced emits pay
    times[#times + 1], times[#times + 2] = created, id
    if #ds == 0 then bare[#bare + 1], bare[#bare + 2] = created, id end
  end
end
zadd(p .. 'events:time', times); zadd(p .. 'scheduled', scheduled); zadd(p .. 'bare', bare)
for sid, args in pairs(open) do zadd(p .. 'open:' .. sid, args) end
return total""",
    "replay": """local event, since, dead, pending = ARGV[1], tonumber(ARGV[2]), ARGV[3] == '1', ARGV[5] == '1'
local sub, ids, count = ARGV[6], {}, 0
local function of_event(id)
  for d in string.gmatch(R('HGET', p .. 'event:' .. id, 'deliveries') or '', '%d+') do ids[#ids + 1] = d end
end
if #ARGV > 6 then for i = 7, #ARGV do ids[#ids + 1] = ARGV[i] end  -- the deliveries named
elseif event ~= '' then of_event(event)
elseif dead then for _, e in ipairs(R('XRANGE', p .. 'dead', '-', '+')) do ids[#ids + 1] = e[2][2] end
elseif pending and not since then ids = R('ZRANGE', p .. 'scheduled', 0, -1)  -- the pending ones not due yet
else  -- of events since a time, or of every event (a subscription's)
  for _, id in ipairs(R('ZRANGEBYSCORE', p .. 'events:time', since and ARGV[2] or '-inf', '+inf')) do of_event(id) end
end
for _, d in ipairs(ids) do  -- every criterion given must hold; never leased ones nor disabled subscriptions'
  local state, sid, created, ev = unpack(R('HMGET', dkey(d), 'state', 'sub', 'created_at', 'event'))
  if state and state ~= 'delivering' and R('HEXISTS', p .. 'disabled', sid) == 0 and (event == '' or ev == event)
    and (not dead or state == 'dead') and (not since or tonumber(created) >= since)
    and (not pending or state == 'pending') and (sub == '' or sid == sub) then
    count = count + 1
    if state ~= 'pending' then
      R('HINCRBY', p .. 'stats', state, -1); R('ZADD', p .. 'open:' .. sid, created, d)
      local letter = R('HGET', dkey(d), 'dead_entry')
      if letter and letter ~= '' then R('XDEL', p .. 'dead', letter); R('HSET', dkey(d), 'dead_entry', '') end
      enqueue(d)
    elseif R('ZREM', p .. 'scheduled', d) == 1 then enqueue(d) end
    R('HSET', dkey(d), 'state', 'pending', 'attempts', 0, 'next_at', ARGV[4], 'updated_at', ARGV[4])
  end
end
return count""",
    "purge": """local before, limit, removed = tonumber(ARGV[1]), tonumber(ARGV[2]), 0
local function drop(d)  -- a finished delivery and its attempts; its event too once no delivery of it is left
  local k = dkey(d)
  local ev, state, sid = unpack(R('HMGET', k, 'event', 'state', 'sub'))
  for _, row in ipairs(R('LRANGE', p .. 'attempts:' .. d, 0, -1)) do
    if cjson.decode(row)[5] ~= 'delivered' then R('HINCRBY', p .. 'stats', 'failures:' .. sid, -1) end
  end
  R('HINCRBY', p .. 'stats', state, -1); R('DEL', k, p .. 'attempts:' .. d)
  local e, rest = p .. 'event:' .. ev, {}
  for x in string.gmatch(R('HGET', e, 'deliveries') or '', '%d+') do if x ~= d then rest[#rest + 1] = x end end
  if #rest == 0 then R('DEL', e); R('ZREM', p .. 'events:time', ev); removed = removed + 1
  else R('HSET', e, 'deliveries', table.concat(rest, ' ')) end
  removed = removed + 1
end
for _, d in ipairs(R('ZRANGEBYSCORE', p .. 'finished', '-inf', '(' .. ARGV[1], 'LIMIT', 0, limit)) do
  R('ZREM', p .. 'finished', d)
  local state = R('HGET', dkey(d), 'state')
  if state == 'delivered' or state == 'cancelled' then drop(d) end  -- else replayed since
end
if ARGV[3] == '1' then  -- the dead letter, oldest first: an entry's id is the time (ms) it died
  local last = string.format('%d', math.floor(before * 1000) - 1)
  for _, entry in ipairs(R('XRANGE', p .. 'dead', '-', last, 'COUNT', limit)) do
    R('XDEL', p .. 'dead', entry[1])
    if R('HGET', dkey(entry[2][2]), 'state') == 'dead' then drop(entry[2][2]) end
  end
end
for _, id in ipairs(R('ZRANGEBYSCORE', p .. 'bare', '-inf', '(' .. ARGV[1], 'LIMIT', 0, limit)) do
  R('ZREM', p .. 'bare', id); R('DEL', p .. 'event:' .. id); R('ZREM', p .. 'events:time', id)
  removed = removed + 1
end
for _, m in ipairs(R('ZRANGEBYSCORE', p .. 'activity:minutes', '-inf', '(' .. ARGV[1], 'LIMIT', 0, limit)) do
  R('DEL', p .. 'activity:' .. m); R('ZREM', p .. 'activity:minutes', m)  -- not counted: no delivery nor event
end
return removed""",
    "subscribe": """if ARGV[1] ~= '' and (R('GET', p .. 'subs:version') or '0') ~= ARGV[1] then return -1 end
local id = ARGV[2]
if id == '' then id = R('INCR', p .. 'subs:next') end
R('HSET', p .. 'subs', id, ARGV[3]); changed()
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
  local oldest, next_at = R('ZRANGE', p .. 'open:' .. sid, 0, 0, 'WITHSCORES'), nil
  for _, d in ipairs(R('ZRANGE', p .. 'open:' .. sid, 0, 999)) do  -- the soonest retry among the oldest 1,000
    local state, at = unpack(R('HMGET', dkey(d), 'state', 'next_at'))
    if state == 'pending' and (not next_at or tonumber(at) < next_at) then next_at = tonumber(at) end
  end
  local last = R('HGET', p .. 'last_failure', sid) or ''
  out[#out + 1] = {sid, R('ZCARD', p .. 'open:' .. sid), oldest[2] or '', next_at and tostring(next_at) or '', last}
end
return out""",
}
