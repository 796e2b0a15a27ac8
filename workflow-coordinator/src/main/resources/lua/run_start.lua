-- run_start: creates a run, once per idempotency key.
--
-- KEYS[1] run      -- hash: the run (fields below) and one field per step
-- KEYS[2] events   -- stream: the run's history
-- KEYS[3] active   -- zset: runs of this partition not yet finished, by creation time
-- KEYS[4] index    -- zset: every run of this partition still retained, by creation time (listing)
-- KEYS[5] lease    -- string: "<replica>:<fence>" of the partition's owner
-- KEYS[6] inbox    -- list: runs the owner has not seen yet
-- KEYS[7] counts   -- hash: how many of this partition's retained runs are in each status (the listing's counts)
-- KEYS[8] idem     -- optional string: "<runId>\n<requestHash>" for the start's idempotency key
-- ARGV[1] runId
-- ARGV[2] lease value the caller holds for this partition, or "" when it holds none
-- ARGV[3] nowMs
-- ARGV[4] requestHash  -- what was asked (workflow, version, input): the same key with another request is a conflict
-- ARGV[5] the run-started history event (JSON)
-- ARGV[6..] field, value pairs of the run hash
--
-- Returns {"created", runId} when the caller owns the partition and drives the run itself, {"queued", runId} when the
-- owner finds it in the inbox, {"existing", runId} for a repeated key, or {"conflict", runId}.
local runKey, eventsKey, activeKey, indexKey, leaseKey, inboxKey, countsKey, idemKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7], KEYS[8]
local runId, myLease, nowMs, requestHash, event = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]

if idemKey then
  local existing = redis.call('GET', idemKey)
  if existing then
    local sep = string.find(existing, '\n', 1, true)
    local id = string.sub(existing, 1, sep - 1)
    if string.sub(existing, sep + 1) ~= requestHash then
      return {'conflict', id}
    end
    return {'existing', id}
  end
  -- Expires with the run (run_commit sets the same retention when the run finishes).
  redis.call('SET', idemKey, runId .. '\n' .. requestHash)
end

local fields = {}
for i = 6, #ARGV do
  fields[#fields + 1] = ARGV[i]
  if i % 2 == 0 and ARGV[i] == 'status' then
    redis.call('HINCRBY', countsKey, ARGV[i + 1], 1)
  end
end
redis.call('HSET', runKey, unpack(fields))
redis.call('XADD', eventsKey, '*', 'e', event)
redis.call('ZADD', activeKey, nowMs, runId)
redis.call('ZADD', indexKey, nowMs, runId)

if myLease == '' or redis.call('GET', leaseKey) ~= myLease then
  redis.call('RPUSH', inboxKey, runId)
  return {'queued', runId}
end
return {'created', runId}
