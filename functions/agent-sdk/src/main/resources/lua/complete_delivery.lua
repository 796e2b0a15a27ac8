-- complete_delivery: stores the result of a claimed delivery, if this delivery still holds the claim.
--
-- KEYS[1] deliveryKey  -- the key claimed by claim_delivery.lua
-- ARGV[1] token        -- the claiming delivery's token
-- ARGV[2] result       -- the result as JSON
-- ARGV[3] resultMs     -- how long duplicates are answered with it
--
-- Returns 1 when stored, 0 when the claim had expired and another delivery holds or finished the key.
local deliveryKey = KEYS[1]
local token = ARGV[1]
local result = ARGV[2]
local resultMs = tonumber(ARGV[3])

if redis.call('GET', deliveryKey) == 'inflight:' .. token then
  redis.call('SET', deliveryKey, 'done:' .. result, 'PX', resultMs)
  return 1
end
return 0
