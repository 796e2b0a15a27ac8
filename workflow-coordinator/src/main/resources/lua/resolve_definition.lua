-- resolve_definition: a workflow name and version (or the latest) to the content hash, in one round trip (a start
-- reads both before it writes the run; as two HGETs it waited for Redis twice).
--
-- KEYS[1] namesKey    -- hash: workflow name -> latest registered version
-- KEYS[2] versionsKey -- hash: version -> content hash, for this workflow name
-- ARGV[1] name
-- ARGV[2] version     -- '' for the latest
--
-- Returns {version, hash}, or nil when the name (or that version of it) is not registered.
local namesKey, versionsKey = KEYS[1], KEYS[2]
local name, version = ARGV[1], ARGV[2]

if version == '' then
  version = redis.call('HGET', namesKey, name)
  if not version then
    return nil
  end
end
local hash = redis.call('HGET', versionsKey, version)
if not hash then
  return nil
end
return {version, hash}
