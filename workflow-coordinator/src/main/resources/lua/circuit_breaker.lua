-- circuit_breaker: one capability's breaker, shared by every coordinator replica.
--
-- KEYS[1] breaker (hash: state, failures, openUntil, probeUntil)
-- ARGV[1] op: "permit" | "success" | "failure" | "read" (no change)
-- ARGV[2] nowMs, ARGV[3] failure threshold, ARGV[4] open ms, ARGV[5] probe ttl ms
--
-- States: closed (calls flow; consecutive failures counted), open (calls refused until openUntil), half-open (one
-- probe call at a time; its success closes, its failure opens again).
-- Returns {previousState, state, permitted (1/0), failures, openUntil}.
local key, op = KEYS[1], ARGV[1]
local now, threshold, openMs, probeMs = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local state = redis.call('HGET', key, 'state') or 'closed'
local failures = tonumber(redis.call('HGET', key, 'failures') or '0')
local openUntil = tonumber(redis.call('HGET', key, 'openUntil') or '0')
local probeUntil = tonumber(redis.call('HGET', key, 'probeUntil') or '0')
local previous, permitted = state, 0

if op == 'permit' then
  if state == 'closed' then
    permitted = 1
  elseif state == 'open' and now >= openUntil then
    state, probeUntil, permitted = 'half-open', now + probeMs, 1
  elseif state == 'half-open' and now >= probeUntil then
    probeUntil, permitted = now + probeMs, 1
  end
elseif op == 'success' then
  state, failures = 'closed', 0
elseif op == 'failure' then
  if state == 'half-open' then
    state, openUntil = 'open', now + openMs
  elseif state == 'closed' then
    failures = failures + 1
    if failures >= threshold then
      state, openUntil = 'open', now + openMs
    end
  end
end
redis.call('HSET', key, 'state', state, 'failures', failures, 'openUntil', openUntil, 'probeUntil', probeUntil)
return {previous, state, permitted, failures, openUntil}
