-- runs_load: the hashes of several runs of one partition, as flat {field, value, ...} arrays (the same shape on
-- RESP2 and RESP3 connections). A run that no longer exists comes back as an empty array.
-- KEYS: the run hashes.
local reply = {}
for i, key in ipairs(KEYS) do
  reply[i] = redis.call('HGETALL', key)
end
return reply
