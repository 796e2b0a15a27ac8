-- claim_delivery: the first delivery of a key claims it; later ones see what the first one left.
--
-- KEYS[1] deliveryKey  -- string: "inflight:<token>" while the first delivery runs, "done:<result json>" after
-- ARGV[1] token        -- random token of this delivery, so only it can complete or release the claim
-- ARGV[2] inFlightMs   -- how long the claim holds if its owner dies before completing
--
-- Returns {"claimed"} when this delivery claimed the key, otherwise {"existing", <value>}.
-- One script, so claiming and reading the previous value are one atomic step (no race between SET NX and GET).
local deliveryKey = KEYS[1]
local token = ARGV[1]
local inFlightMs = tonumber(ARGV[2])

if redis.call('SET', deliveryKey, 'inflight:' .. token, 'NX', 'PX', inFlightMs) then
  return {'claimed'}
end
return {'existing', redis.call('GET', deliveryKey)}
