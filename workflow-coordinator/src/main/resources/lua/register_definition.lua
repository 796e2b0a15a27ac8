-- register_definition: stores a definition version unless that version already holds other content.
--
-- KEYS[1] versionsKey -- hash: version -> content hash, for one workflow name
-- KEYS[2] bodyKey     -- string: the canonical JSON of this content hash (kept for the runs pinned to it)
-- KEYS[3] namesKey    -- hash: workflow name -> latest registered version
-- KEYS[4] timesKey    -- hash: content hash -> registration time (epoch ms)
-- ARGV[1] name
-- ARGV[2] version
-- ARGV[3] hash
-- ARGV[4] body        -- canonical JSON
-- ARGV[5] nowMs
--
-- Returns {"created", nowMs}, {"unchanged", firstMs} for the same content again, or {"conflict", existingHash}.
local versionsKey, bodyKey, namesKey, timesKey = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local name, version, hash, body, nowMs = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]

local existing = redis.call('HGET', versionsKey, version)
if existing then
  if existing == hash then
    return {'unchanged', redis.call('HGET', timesKey, hash)}
  end
  return {'conflict', existing}
end
redis.call('HSET', versionsKey, version, hash)
redis.call('SET', bodyKey, body)
redis.call('HSET', namesKey, name, version)
redis.call('HSETNX', timesKey, hash, nowMs)
return {'created', nowMs}
