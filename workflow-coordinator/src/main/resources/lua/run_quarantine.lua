-- run_quarantine: sets aside a run its owner cannot read or resume (a hash missing fields, a definition that is gone):
-- out of the partition's active set, so no replica loads it again and again, into the partition's quarantine, with
-- the reason on the run. Only the partition's owner may do it.
--
-- KEYS[1] lease, KEYS[2] active (zset), KEYS[3] quarantine (zset), KEYS[4] run hash
-- ARGV[1] lease value, ARGV[2] run id, ARGV[3] reason, ARGV[4] nowMs
--
-- Returns "quarantined" or "fenced".
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 'fenced'
end
redis.call('ZREM', KEYS[2], ARGV[2])
redis.call('ZADD', KEYS[3], ARGV[4], ARGV[2])
if redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('HSET', KEYS[4], 'quarantine', ARGV[3])
end
return 'quarantined'
