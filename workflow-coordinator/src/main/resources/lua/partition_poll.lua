-- partition_poll: the owner's periodic visit to a partition: renews the lease, takes new runs and the runs someone
-- asked something of (cancel, pause, resume, a signal), and sweeps retired runs out of the listing index.
--
-- KEYS[1] lease, KEYS[2] inbox (list), KEYS[3] cancels (the control list), KEYS[4] expiring (zset), KEYS[5] index (zset),
-- KEYS[6] counts (hash: retained runs by status), KEYS[7] retired (hash: final status of each retired run)
-- ARGV[1] lease value, ARGV[2] ttl ms, ARGV[3] nowMs, ARGV[4] batch size
--
-- Returns {"lost"} or {"ok", #inbox, inboxIds..., controlledIds...}.
local leaseKey, inboxKey, cancelsKey, expiringKey, indexKey, countsKey, retiredKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
if redis.call('GET', leaseKey) ~= ARGV[1] then
  return {'lost'}
end
redis.call('PEXPIRE', leaseKey, ARGV[2])
local batch = tonumber(ARGV[4])
local inbox = redis.call('LRANGE', inboxKey, 0, batch - 1)
if #inbox > 0 then
  redis.call('LTRIM', inboxKey, #inbox, -1)
end
local cancels = redis.call('LRANGE', cancelsKey, 0, batch - 1)
if #cancels > 0 then
  redis.call('LTRIM', cancelsKey, #cancels, -1)
end
local retired = redis.call('ZRANGEBYSCORE', expiringKey, '-inf', ARGV[3], 'LIMIT', 0, batch)
if #retired > 0 then
  redis.call('ZREM', expiringKey, unpack(retired))
  redis.call('ZREM', indexKey, unpack(retired))
  local statuses = redis.call('HMGET', retiredKey, unpack(retired))
  for i = 1, #retired do
    if statuses[i] then
      redis.call('HINCRBY', countsKey, statuses[i], -1)
    end
  end
  redis.call('HDEL', retiredKey, unpack(retired))
end
local reply = {'ok', tostring(#inbox)}
for _, id in ipairs(inbox) do reply[#reply + 1] = id end
for _, id in ipairs(cancels) do reply[#reply + 1] = id end
return reply
