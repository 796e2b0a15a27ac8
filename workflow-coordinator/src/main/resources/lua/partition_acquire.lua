-- partition_acquire: takes a partition whose lease is free (never taken, released, or expired with its owner).
--
-- KEYS[1] lease (string "<replica>:<fence>", expiring), KEYS[2] fence (counter), KEYS[3] active (zset)
-- ARGV[1] replica id, ARGV[2] lease ttl ms
--
-- Returns {"acquired", leaseValue, activeRunIds...} or {"taken"}. The fence grows with every acquisition, so a
-- former owner's late writes (run_commit compares the whole value) are refused.
local leaseKey, fenceKey, activeKey = KEYS[1], KEYS[2], KEYS[3]
if redis.call('EXISTS', leaseKey) == 1 then
  return {'taken'}
end
local fence = redis.call('INCR', fenceKey)
local value = ARGV[1] .. ':' .. fence
redis.call('SET', leaseKey, value, 'PX', ARGV[2])
local reply = {'acquired', value}
for _, id in ipairs(redis.call('ZRANGE', activeKey, 0, -1)) do
  reply[#reply + 1] = id
end
return reply
