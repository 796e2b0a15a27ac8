-- release_delivery: gives up a claim after the function failed, so a redelivery can run it again.
--
-- KEYS[1] deliveryKey  -- the key claimed by claim_delivery.lua
-- ARGV[1] token        -- the claiming delivery's token
--
-- Returns 1 when released, 0 when this delivery no longer held the claim.
local deliveryKey = KEYS[1]
local token = ARGV[1]

if redis.call('GET', deliveryKey) == 'inflight:' .. token then
  redis.call('DEL', deliveryKey)
  return 1
end
return 0
