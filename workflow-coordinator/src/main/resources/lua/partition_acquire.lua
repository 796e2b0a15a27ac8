-- partition_acquire: takes a partition whose lease is free (never taken, released, or expired with its owner), or
-- one the previous region still holds when the caller's region epoch is newer (after a failover).
--
-- KEYS[1] lease (string "<replica>:<fence>", expiring), KEYS[2] fence (counter), KEYS[3] active (zset),
-- KEYS[4] epoch (the region epoch of the partition's last owner)
-- ARGV[1] replica id, ARGV[2] lease ttl ms, ARGV[3] the caller's region epoch
--
-- Returns {"acquired", leaseValue, activeRunIds...}, {"taken"}, or {"superseded", epoch} when a newer region epoch
-- owns the partition (the caller's region is no longer the active one). The fence grows with every acquisition, so a
-- former owner's late writes (run_commit compares the whole value) are refused; a former region's too.
local leaseKey, fenceKey, activeKey, epochKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local stored, mine = tonumber(redis.call('GET', epochKey) or '0'), tonumber(ARGV[3])
if mine < stored then
  return {'superseded', tostring(stored)}
end
if mine == stored and redis.call('EXISTS', leaseKey) == 1 then
  return {'taken'}
end
if mine > stored then
  redis.call('SET', epochKey, ARGV[3])
end
local fence = redis.call('INCR', fenceKey)
local value = ARGV[1] .. ':' .. fence
redis.call('SET', leaseKey, value, 'PX', ARGV[2])
local reply = {'acquired', value}
for _, id in ipairs(redis.call('ZRANGE', activeKey, 0, -1)) do
  reply[#reply + 1] = id
end
return reply
