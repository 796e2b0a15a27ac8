-- run_request: records what someone asks of a run (cancel, pause, resume) for the partition's owner, whichever replica
-- takes the request: the wish goes into the run's hash (where the owner reads it, also after a takeover), the run's id
-- onto the partition's control list (the owner's prompt to read it) and the request into the history.
--
-- KEYS[1] run, KEYS[2] controls (list), KEYS[3] events (stream)
-- ARGV[1] runId, ARGV[2] nowMs, ARGV[3] action: cancel | pause | resume, ARGV[4] who asks,
-- ARGV[5] the history entry when the run is RUNNING, ARGV[6] when it is PAUSED ("" where the table has no such move)
--
-- Returns {"accepted", status}, {"repeated"} when already asked, {"missing"}, {"final", status} when it is too late (finished,
-- or compensating) or {"conflict", status} when the request does not fit the run's status (resume a run not paused).
local runKey, controlsKey, eventsKey = KEYS[1], KEYS[2], KEYS[3]
local action, by = ARGV[3], ARGV[4]
local status = redis.call('HGET', runKey, 'status')
if not status then
  return {'missing'}
end
if status ~= 'RUNNING' and status ~= 'PAUSED' then
  return {'final', status}
end
local pause = redis.call('HGET', runKey, 'pauseRequested') == '1'
if action == 'cancel' then
  if redis.call('HEXISTS', runKey, 'cancelRequestedAt') == 1 then
    return {'repeated'}
  end
  redis.call('HSET', runKey, 'cancelRequestedAt', ARGV[2])
elseif action == 'pause' then
  if pause then
    return {'repeated'}
  end
  if status == 'PAUSED' then
    return {'conflict', 'RESUMING'}
  end
  redis.call('HSET', runKey, 'pauseRequested', '1', 'pauseRequestedBy', by)
else
  if not pause then
    if status == 'PAUSED' then
      return {'repeated'}
    end
    return {'conflict', status}
  end
  redis.call('HSET', runKey, 'pauseRequested', '0', 'pauseRequestedBy', by)
end
local event = status == 'RUNNING' and ARGV[5] or ARGV[6]
redis.call('RPUSH', controlsKey, ARGV[1])
if event ~= '' then
  redis.call('XADD', eventsKey, '*', 'e', event)
end
return {'accepted', status}
