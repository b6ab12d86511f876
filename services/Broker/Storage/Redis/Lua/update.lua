-- One state change, all or nothing: the version check, the limits, then the writes and the activity counts.
-- KEYS: 1 request, 2 pending index, 3 audit stream, then the activity plan's keys, then the limit plan's, then the
--       request's key by text (RedisKeys.RequestByText: where brokers before 2026-12-03 stored it; KEYS[1] for other ids).
-- ARGV: 1 expected version, 2 new version, 3 stored request, 4 still pending ('1'/'0'), 5 the id's index member
--       (CompactRequestId.cs), 6 audit entry, 7 change channel, 8 change message, 9.. the activity plan (counted,
--       never refusing), then the limit plan, then the id's 17-byte member and its text (the members earlier brokers wrote).
-- Replies: {'stale', the request as stored (nil if none)} | {'limited', verdicts...} | {'updated', counts..., verdicts...}
-- A request stays under the key it was stored under: its seal binds its id, not the key's form.
local key = KEYS[1]
local stored = redis.call('GET', key)
if not stored and KEYS[#KEYS] ~= key then
    key = KEYS[#KEYS]
    stored = redis.call('GET', key)
end
if not stored or string.match(stored, '^(%d+):') ~= ARGV[1] then
    return {'stale', stored}
end
local t = redis.call('TIME')
local now_us = tonumber(t[1]) * 1000000 + tonumber(t[2])
local activity = activity_plan(4, 9, math.floor(now_us / 1000))
local limited, verdicts = limit(4 + activity.n, 9 + activity.size, now_us, false)
if limited then
    return {'limited', unpack(verdicts)}
end
append_audit(KEYS[3], ARGV[6])
redis.call('SET', key, ARGV[2] .. ':' .. ARGV[3])
if ARGV[4] == '0' then
    redis.call('ZREM', KEYS[2], ARGV[5], ARGV[#ARGV - 1], ARGV[#ARGV])
end
local reply = {'updated'}
if activity.n > 0 then
    local counts = activity_count(activity)
    activity_record(activity)
    for _, c in ipairs(counts) do
        reply[#reply + 1] = c
    end
end
redis.call('PUBLISH', ARGV[7], ARGV[8])
for _, v in ipairs(verdicts) do
    reply[#reply + 1] = v
end
return reply
