-- region_claim: which region drives the runs, and its epoch. Every replica asks each rebalancing round.
--
-- KEYS[1] region -- hash: active (region name), epoch (grows with every change of region), since (epoch ms),
--                    seen:<region> (when a replica of that region last asked)
-- ARGV[1] the caller's region, ARGV[2] "1" when the caller saw this Redis promoted (it was a read-only replica and now
-- takes writes: the operator failed over to the caller's region), ARGV[3] nowMs
--
-- Returns {active region, epoch, "claimed" | "kept"}. The first replica of a fresh deployment claims epoch 1; a
-- promotion moves the region and bumps the epoch exactly once (the other replicas of the region find it theirs).
-- A replica of another region never takes over by itself: failing back is an operator's promotion too.
local key, region, promoted = KEYS[1], ARGV[1], ARGV[2] == '1'
-- First a write: on a read-only replica (a region standing by) the script stops here with READONLY.
redis.call('HSET', key, 'seen:' .. region, ARGV[3])
local active = redis.call('HGET', key, 'active')
if (not active) or (promoted and active ~= region) then
  redis.call('HSET', key, 'active', region, 'since', ARGV[3])
  return {region, redis.call('HINCRBY', key, 'epoch', 1), 'claimed'}
end
return {active, tonumber(redis.call('HGET', key, 'epoch') or '0'), 'kept'}
