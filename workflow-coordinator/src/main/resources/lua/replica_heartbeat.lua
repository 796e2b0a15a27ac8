-- replica_heartbeat: a replica says it is alive and how many partitions it owns, and learns every live replica's share.
--
-- KEYS[1] replicas -- zset: replica -> epoch ms until which it counts as live
-- KEYS[2] shares   -- hash: replica -> partitions it owned at its last heartbeat
-- ARGV[1] replica, ARGV[2] nowMs, ARGV[3] live until (epoch ms), ARGV[4] partitions it owns
--
-- Returns replica, owned, replica, owned, ... for every live replica, the caller included. Replicas whose liveness ran
-- out are dropped from both keys here, so a killed replica stops counting without anyone cleaning up after it.
local replicas, shares = KEYS[1], KEYS[2]
redis.call('ZADD', replicas, ARGV[3], ARGV[1])
local dead = redis.call('ZRANGEBYSCORE', replicas, '-inf', ARGV[2])
if #dead > 0 then
  redis.call('ZREM', replicas, unpack(dead))
  redis.call('HDEL', shares, unpack(dead))
end
redis.call('HSET', shares, ARGV[1], ARGV[4])
local live = redis.call('ZRANGE', replicas, 0, -1)
local owned = redis.call('HMGET', shares, unpack(live))
local out = {}
for i, replica in ipairs(live) do
  out[#out + 1] = replica
  out[#out + 1] = owned[i] or '0'
end
return out
