-- run_redrive: asks the partition's owner to continue a failed or cancelled run from where it stopped. The run comes
-- back from retirement (its keys no longer expire, it is active again), the request is counted in its hash (the owner
-- carries it out when it reads it, also after a takeover), and the run's id goes to the inbox (the owner loads a
-- retired run) and the control list (an owner still holding it, its completion event not yet delivered, reads it again).
--
-- KEYS[1] run, KEYS[2] events (stream), KEYS[3] active (zset), KEYS[4] expiring (zset), KEYS[5] inbox (list),
-- KEYS[6] controls (list), KEYS[7] items (hash: the map steps' items), KEYS[8] retired (hash: final status of retired
-- runs, for the counts), KEYS[9] optional: the start's idempotency key
-- ARGV[1] runId, ARGV[2] nowMs, ARGV[3] the most redrives a run may have, ARGV[4] who asks,
-- ARGV[5] the history entry when the run FAILED, ARGV[6] when it was CANCELLED
--
-- Returns {"accepted", status}, {"repeated"} (one is pending), {"missing"}, {"conflict", status} (not failed or
-- cancelled), {"limit", redrives} or {"blocked", stepId} (a step's compensation failed: what it did may be half undone).
local runKey, eventsKey, activeKey, expiringKey, inboxKey, controlsKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6]
local runId = ARGV[1]
local status = redis.call('HGET', runKey, 'status')
if not status then
  return {'missing'}
end
if status ~= 'FAILED' and status ~= 'CANCELLED' then
  return {'conflict', status}
end
local requested = tonumber(redis.call('HGET', runKey, 'redrivesRequested') or '0')
local done = tonumber(redis.call('HGET', runKey, 'redrives') or '0')
if requested > done then
  return {'repeated'}
end
if requested >= tonumber(ARGV[3]) then
  return {'limit', tostring(requested)}
end
local fields = redis.call('HGETALL', runKey)
for i = 1, #fields, 2 do
  if string.sub(fields[i], 1, 5) == 'step:' and cjson.decode(fields[i + 1]).status == 'COMPENSATION_FAILED' then
    return {'blocked', string.sub(fields[i], 6)}
  end
end
redis.call('HSET', runKey, 'redrivesRequested', tostring(requested + 1), 'redriveRequestedBy', ARGV[4])
redis.call('HDEL', runKey, 'cancelRequestedAt', 'pauseRequested', 'pauseRequestedBy')
redis.call('PERSIST', runKey)
redis.call('PERSIST', eventsKey)
redis.call('PERSIST', KEYS[7])
if KEYS[9] then
  redis.call('PERSIST', KEYS[9])
end
redis.call('HDEL', KEYS[8], runId) -- counted under its status until the owner's commit moves it
redis.call('ZREM', expiringKey, runId)
redis.call('ZADD', activeKey, ARGV[2], runId)
redis.call('RPUSH', inboxKey, runId)
redis.call('RPUSH', controlsKey, runId)
redis.call('XADD', eventsKey, '*', 'e', status == 'FAILED' and ARGV[5] or ARGV[6])
return {'accepted', status}
