-- swap_last_login: records a user's successful login and returns the one before it.
--
-- KEYS[1] loginKey   -- hash: ts (epoch ms), lat, lon, ip of the latest successful login
-- ARGV[1] ts         -- this login's time, epoch ms
-- ARGV[2] lat
-- ARGV[3] lon
-- ARGV[4] ip
-- ARGV[5] ttlMs      -- how long a login is remembered
--
-- Returns {ts, lat, lon, ip} of the previous login, or an empty list. A login older than the stored one (a late
-- batch) is compared but does not replace it.
local loginKey = KEYS[1]
local previous = redis.call('HMGET', loginKey, 'ts', 'lat', 'lon', 'ip')
if not previous[1] or tonumber(previous[1]) <= tonumber(ARGV[1]) then
  redis.call('HSET', loginKey, 'ts', ARGV[1], 'lat', ARGV[2], 'lon', ARGV[3], 'ip', ARGV[4])
  redis.call('PEXPIRE', loginKey, tonumber(ARGV[5]))
end
if not previous[1] then
  return {}
end
return previous
