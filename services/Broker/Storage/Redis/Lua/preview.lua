-- An early look at a limit plan, charging nothing. KEYS: the limit plan's (the unit's override hash first, so Redis
-- Cluster routes the script to the unit's node), then, when the caller reads the request in the same call (the fetch:
-- RedisRequestStore.GetPreviewingAsync), the request's keys, on the same unit's tag: its key by the id's bytes, then
-- the key by text where brokers before 2026-12-03 stored it; the first found is the request. ARGV: the limit plan.
-- Reply: {'preview', the request as stored (nil if none or not asked), verdicts...}
local t = redis.call('TIME')
local _, verdicts = limit(1, 1, tonumber(t[1]) * 1000000 + tonumber(t[2]), true)
local stored = false
for i = ARGV[1] + 2, #KEYS do
    stored = redis.call('GET', KEYS[i])
    if stored then
        break
    end
end
return {'preview', stored, unpack(verdicts)}
