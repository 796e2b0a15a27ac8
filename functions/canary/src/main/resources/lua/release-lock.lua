-- Releases a rollout's lock only if this tick still holds it (the lock may have expired and been taken by another).
-- KEYS[1] the lock, ARGV[1] the holder's token
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
