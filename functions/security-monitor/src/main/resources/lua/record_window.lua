-- record_window: adds a batch's occurrences to a sliding window and says whether it crossed the threshold.
--
-- KEYS[1] windowKey  -- sorted set: member = occurrence (event id, or user name to count distinct users), score = event time ms
-- KEYS[2] alertKey   -- string set while an incident for this window is open, so one burst raises one incident
-- ARGV[1] windowMs   -- window length
-- ARGV[2] threshold  -- occurrences within the window that make an incident
-- ARGV[3..] pairs    -- score, member, score, member, ...
--
-- Returns {count, alerted, oldestMs}: occurrences in the window ending at the newest score (the newest of all seen,
-- so late batches count against the right window), 1 if this call opened an incident, and the window's first score.
local windowKey = KEYS[1]
local alertKey = KEYS[2]
local windowMs = tonumber(ARGV[1])
local threshold = tonumber(ARGV[2])

for i = 3, #ARGV, 2 do
  redis.call('ZADD', windowKey, tonumber(ARGV[i]), ARGV[i + 1])
end
local newest = redis.call('ZRANGE', windowKey, -1, -1, 'WITHSCORES')
local newestMs = tonumber(newest[2])
redis.call('ZREMRANGEBYSCORE', windowKey, '-inf', '(' .. (newestMs - windowMs))
redis.call('PEXPIRE', windowKey, windowMs)
local count = redis.call('ZCARD', windowKey)
local oldest = redis.call('ZRANGE', windowKey, 0, 0, 'WITHSCORES')

local alerted = 0
if count >= threshold and redis.call('SET', alertKey, '1', 'NX', 'PX', windowMs) then
  alerted = 1
end
return {count, alerted, tonumber(oldest[2])}
