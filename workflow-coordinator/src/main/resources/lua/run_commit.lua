-- run_commit: one atomic step of a run's state machine, written only by the partition's owner.
--
-- Preconditions: the caller still holds the partition's lease (fencing token) and the run is at the revision the
-- caller computed from. Either both hold and every change below is written, or nothing is.
--
-- KEYS[1] run      -- hash
-- KEYS[2] events   -- stream
-- KEYS[3] lease    -- string "<replica>:<fence>"
-- KEYS[4] active   -- zset
-- KEYS[5] expiring -- zset: finished runs by the time their keys expire (the index is swept from it)
-- KEYS[6] items    -- hash: the items of the run's map steps (fields i:<step>:<index>, m:<step>:<index>)
-- KEYS[7] counts   -- hash: retained runs of the partition by status; a status change moves the run between fields
-- KEYS[8] retired  -- hash: run id to final status of retired runs, until the sweep takes them out of the counts
-- KEYS[9] idem     -- optional: the start's idempotency key, expired with the run
-- ARGV[1] lease value the caller holds
-- ARGV[2] expected revision
-- ARGV[3] runId
-- ARGV[4] finish: "0" running on, "1" finished (stays active until its completion event is delivered), "2" retire
-- ARGV[5] retention ms (for "2")
-- ARGV[6] nowMs
-- ARGV[7] number of history events n, then ARGV[8 .. 7+n] the events (JSON)
-- ARGV[8+n ..] field, value pairs; those named i:... or m:... go to the items hash
--
-- Returns "ok", "fenced" (the lease moved: the caller must stop driving this partition) or "stale".
local runKey, eventsKey, leaseKey, activeKey, expiringKey, itemsKey, countsKey, retiredKey, idemKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8], KEYS[9]
if redis.call('GET', leaseKey) ~= ARGV[1] then
  return 'fenced'
end
local current = redis.call('HMGET', runKey, 'rev', 'status')
local rev, oldStatus = current[1], current[2]
if rev ~= ARGV[2] then
  return 'stale'
end
local runId, finish, retention, nowMs = ARGV[3], ARGV[4], tonumber(ARGV[5]), tonumber(ARGV[6])
local n = tonumber(ARGV[7])
for i = 8, 7 + n do
  redis.call('XADD', eventsKey, '*', 'e', ARGV[i])
end
local fields = {'rev', tostring(tonumber(rev) + 1)}
local items = {}
local status = oldStatus
for i = 8 + n, #ARGV, 2 do
  if ARGV[i] == 'status' then
    status = ARGV[i + 1]
  end
  local prefix = string.sub(ARGV[i], 1, 2)
  local into = (prefix == 'i:' or prefix == 'm:') and items or fields
  into[#into + 1] = ARGV[i]
  into[#into + 1] = ARGV[i + 1]
end
-- in slices: unpack() of a 10,000-item map's fields at once would overflow Lua's stack
local function hset(key, list)
  for i = 1, #list, 1000 do
    redis.call('HSET', key, unpack(list, i, math.min(i + 999, #list)))
  end
end
hset(runKey, fields)
hset(itemsKey, items)
if status ~= oldStatus then
  if oldStatus then
    redis.call('HINCRBY', countsKey, oldStatus, -1)
  end
  redis.call('HINCRBY', countsKey, status, 1)
end
if finish == '2' then
  redis.call('HSET', retiredKey, runId, status)
  redis.call('ZREM', activeKey, runId)
  redis.call('ZADD', expiringKey, nowMs + retention, runId)
  redis.call('PEXPIRE', runKey, retention)
  redis.call('PEXPIRE', eventsKey, retention)
  redis.call('PEXPIRE', itemsKey, retention)
  if idemKey then
    redis.call('PEXPIRE', idemKey, retention)
  end
end
return 'ok'
