-- run_signal: keeps a signal in a run's hash (field signal:<name>) until the step that waits for it takes it, and
-- prompts the partition's owner through its control list. Idempotent by the signal's id: the same id again is a
-- repeat, another id for the same name a conflict.
--
-- KEYS[1] run, KEYS[2] controls (list), KEYS[3] events (stream)
-- ARGV[1] runId, ARGV[2] the signal's field, ARGV[3] the signal (JSON), ARGV[4] its id, ARGV[5] the waiting step's
-- field, ARGV[6] the history entry when the run is RUNNING, ARGV[7] when it is PAUSED
--
-- Returns {"accepted", status}, {"repeated"}, {"missing"}, {"final", status} (the run is over or compensating),
-- {"conflict", <id kept>} or {"settled", <step status>} when the step no longer waits (it timed out, was skipped).
local runKey, controlsKey, eventsKey = KEYS[1], KEYS[2], KEYS[3]
local status = redis.call('HGET', runKey, 'status')
if not status then
  return {'missing'}
end
local kept = redis.call('HGET', runKey, ARGV[2])
if kept and cjson.decode(kept).id == ARGV[4] then
  return {'repeated'} -- sent again, perhaps after the run went on and finished: the same answer as the first time
end
if status ~= 'RUNNING' and status ~= 'PAUSED' then
  return {'final', status}
end
if kept then
  return {'conflict', cjson.decode(kept).id}
end
local step = redis.call('HGET', runKey, ARGV[5])
if step then
  local stepStatus = cjson.decode(step).status
  if stepStatus ~= nil and stepStatus ~= 'PENDING' and stepStatus ~= 'WAITING' then
    return {'settled', stepStatus}
  end
end
redis.call('HSET', runKey, ARGV[2], ARGV[3])
redis.call('RPUSH', controlsKey, ARGV[1])
redis.call('XADD', eventsKey, '*', 'e', status == 'RUNNING' and ARGV[6] or ARGV[7])
return {'accepted', status}
