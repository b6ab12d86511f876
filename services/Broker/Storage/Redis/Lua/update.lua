-- One state change, all or nothing: the version check, the limits, then the writes and the activity counts.
-- KEYS: request, pending index, audit stream, 4.. the activity plan's counts.
-- ARGV: 1 expected version, 2 new version, 3 stored request, 4 still pending ('1'/'0'), 5 id, 6 audit entry,
--       7 change channel, 8 change message, 9 limit spec, 10.. activity plan (counted, never refusing).
-- Replies: {'stale'} | {'limited', verdicts...} | {'updated', counts..., verdicts...}
local stored = redis.call('GET', KEYS[1])
if not stored or string.match(stored, '^(%d+):') ~= ARGV[1] then
    return {'stale'}
end
local limited, verdicts = limit(ARGV[9], false)
if limited then
    return {'limited', unpack(verdicts)}
end
append_audit(KEYS[3], ARGV[6])
redis.call('SET', KEYS[1], ARGV[2] .. ':' .. ARGV[3])
if ARGV[4] == '0' then
    redis.call('ZREM', KEYS[2], ARGV[5])
end
local reply = {'updated'}
if ARGV[10] ~= '0' then
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
    local counts = activity_count(10, 4, now)
    activity_record(10, 4, now)
    for _, c in ipairs(counts) do
        reply[#reply + 1] = c
    end
end
redis.call('PUBLISH', ARGV[7], ARGV[8])
for _, v in ipairs(verdicts) do
    reply[#reply + 1] = v
end
return reply
