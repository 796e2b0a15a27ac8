-- run_cancel: records a cancellation request for the partition's owner, whichever replica takes it.
--
-- KEYS[1] run, KEYS[2] cancels (list), KEYS[3] events (stream)
-- ARGV[1] runId, ARGV[2] nowMs, ARGV[3] the history event (JSON)
--
-- Returns {"accepted"}, {"repeated"} when already requested, {"missing"}, or {"final", status} when it is too late
-- (finished, or already compensating).
local runKey, cancelsKey, eventsKey = KEYS[1], KEYS[2], KEYS[3]
local status = redis.call('HGET', runKey, 'status')
if not status then
  return {'missing'}
end
if status ~= 'RUNNING' then
  return {'final', status}
end
if redis.call('HEXISTS', runKey, 'cancelRequestedAt') == 1 then
  return {'repeated'}
end
redis.call('HSET', runKey, 'cancelRequestedAt', ARGV[2])
redis.call('RPUSH', cancelsKey, ARGV[1])
redis.call('XADD', eventsKey, '*', 'e', ARGV[3])
return {'accepted'}
