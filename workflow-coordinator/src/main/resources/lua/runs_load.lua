-- runs_load: the hashes of several runs of one partition, as flat {field, value, ...} arrays (the same shape on
-- RESP2 and RESP3 connections), each run's items hash (its map steps' items, fields i:... and m:...) appended to its
-- own fields. A run that no longer exists comes back as an empty array.
-- KEYS: for each run, its hash then its items hash.
local reply = {}
for i = 1, #KEYS, 2 do
  local fields = redis.call('HGETALL', KEYS[i])
  if #fields > 0 then
    local items = redis.call('HGETALL', KEYS[i + 1])
    for j = 1, #items do
      fields[#fields + 1] = items[j]
    end
  end
  reply[#reply + 1] = fields
end
return reply
