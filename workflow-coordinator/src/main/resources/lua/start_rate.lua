-- start_rate: one subject's token bucket for starting runs, shared by every coordinator replica.
--
-- KEYS[1] bucket (hash: tokens, at)
-- ARGV[1] nowMs, ARGV[2] tokens added per second, ARGV[3] burst (the bucket's size)
--
-- The bucket refills continuously at the rate up to the burst; a start takes one token. A clock behind the last
-- update (another replica's) adds nothing rather than taking tokens back. The key expires once it would be full again.
-- Returns {taken (1/0), ms until a token is there (0 when taken)}.
local key = KEYS[1]
local now, rate, burst = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1]) or burst
local at = tonumber(state[2]) or now
if now > at then
  tokens = math.min(burst, tokens + (now - at) * rate / 1000)
  at = now
end
local taken, waitMs = 0, 0
if tokens >= 1 then
  tokens, taken = tokens - 1, 1
else
  waitMs = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(at))
redis.call('PEXPIRE', key, math.ceil((burst - tokens) * 1000 / rate) + 1000)
return {taken, waitMs}
