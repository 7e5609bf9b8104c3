# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""The Lua scripts the console's side of the Redis outbox reads with: ``deliveries`` (one bounded chunk of a search,
newest first), ``delivery`` (one delivery with its event and attempts), ``activity`` (the activity minutes of a
span), ``last_failures`` and ``queue_counts``.

A search walks delivery ids downward (they are consecutive, from ``deliveries:next``), a chunk per call so that no
call holds Redis for long; ids of purged deliveries are passed over. Searching one event reads only its deliveries.
Each script runs after `layout.PRELUDE`.
"""

from __future__ import annotations

from typing import Final

__all__ = ["BROWSE_SCRIPTS", "ROW_FIELDS"]

# What a listing shows of a delivery, as each script returns it: id, event id, event name, then these (an absent
# `updated_at` is its creation: a delivery no worker has touched yet, or one kept from before there was one).
ROW_FIELDS: Final = ("sub", "state", "attempts", "created_at", "updated_at", "next_at", "last_status")

_ROWS: Final = f"""local names = {{}}  -- event id -> name, each read once per call
local function name_of(ev)
  if not names[ev] then names[ev] = R('HGET', p .. 'event:' .. ev, 'name') or '' end
  return names[ev]
end
local function row_of(d, ev)
  local f = R('HMGET', dkey(d), {", ".join(f"'{f}'" for f in ROW_FIELDS)})
  return {{d, ev, name_of(ev), f[1], f[2], f[3], f[4], f[5] or f[4], f[6], f[7] or ''}}
end
"""

BROWSE_SCRIPTS: Final = {
    "deliveries": _ROWS
    + """local top = tonumber(ARGV[1]) or tonumber(R('GET', p .. 'deliveries:next') or '0')
local probes, want, event, exact, pattern = tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4], ARGV[5], ARGV[6]
local sub, state, since, till = ARGV[7], ARGV[8], tonumber(ARGV[9]), tonumber(ARGV[10])
local ids, rows, lowest, looked = {}, {}, top + 1, 0
if event ~= '' then
  for d in string.gmatch(R('HGET', p .. 'event:' .. event, 'deliveries') or '', '%d+') do
    if tonumber(d) <= top then ids[#ids + 1] = tonumber(d) end
  end
  table.sort(ids, function(a, b) return a > b end)
else for d = top, math.max(1, top - probes + 1), -1 do ids[#ids + 1] = d end end
local key = p .. 'delivery:'
for _, d in ipairs(ids) do  -- what the criteria need read first: only the rows found are read whole
  if looked == probes or #rows == want then break end
  looked, lowest = looked + 1, d
  local ev, sid, st, created = unpack(R('HMGET', key .. d, 'event', 'sub', 'state', 'created_at'))
  if ev and (sub == '' or sid == sub) and (state == '' or st == state)
    and (not since or tonumber(created) >= since) and (not till or tonumber(created) < till)
    and (exact == '' or name_of(ev) == exact) and (pattern == '' or string.find(name_of(ev), pattern)) then
    rows[#rows + 1] = row_of(d, ev)
  end
end
local rest = looked < #ids or (event == '' and lowest > 1)  -- deliveries left below the lowest looked at
return {lowest, looked, rest and 1 or 0, rows}""",
    "delivery": _ROWS
    + """local ev = R('HGET', dkey(ARGV[1]), 'event')
if not ev then return {} end
local event = R('HMGET', p .. 'event:' .. ev, 'name', 'payload', 'created_at', 'trace')
local attempts = R('LRANGE', p .. 'attempts:' .. ARGV[1], 0, -1)
return {R('GET', p .. 'subs:version') or '0', row_of(ARGV[1], ev), event, attempts}""",
    "last_failures": "return R('HGETALL', p .. 'last_failure')",
    "activity": """local out = {}
for _, m in ipairs(R('ZRANGEBYSCORE', p .. 'activity:minutes', ARGV[1], ARGV[2])) do
  out[#out + 1] = {m, R('HGETALL', p .. 'activity:' .. m)}
end
return out""",
    # due: the stream's entries no worker holds, the retries and the parked (of disabled subscriptions) due by now
    "queue_counts": """local now, depth, parked = ARGV[1], 0, 0
for _, sid in ipairs(R('HKEYS', p .. 'subs')) do depth = depth + R('ZCARD', p .. 'open:' .. sid) end
for _, sid in ipairs(R('HKEYS', p .. 'disabled')) do
  parked = parked + R('ZCOUNT', p .. 'parked:' .. sid, '-inf', now)
end
local queued, held = R('XLEN', due), redis.pcall('XPENDING', due, group)
if not held.err then queued = queued - held[1] end
local dead = tonumber(R('HGET', p .. 'stats', 'dead') or '0')
return {depth, queued + R('ZCOUNT', p .. 'scheduled', '-inf', now) + parked, dead}""",
}
