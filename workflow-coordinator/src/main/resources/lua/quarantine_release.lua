-- quarantine_release: gives a quarantined run back to its partition (an operator restored what it lacked): out of the
-- quarantine, back in the active set and the inbox, so the owner's next poll loads it. Unreadable still, it comes
-- back to the quarantine.
--
-- KEYS[1] quarantine (zset), KEYS[2] active (zset), KEYS[3] inbox (list), KEYS[4] run hash
-- ARGV[1] run id, ARGV[2] nowMs
--
-- Returns "released", or "missing" when the run is not quarantined (or its hash is gone).
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  return 'missing'
end
redis.call('ZREM', KEYS[1], ARGV[1])
if redis.call('EXISTS', KEYS[4]) == 0 then
  return 'missing'
end
redis.call('HDEL', KEYS[4], 'quarantine')
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
redis.call('RPUSH', KEYS[3], ARGV[1])
return 'released'
