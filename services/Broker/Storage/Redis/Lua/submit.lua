-- One Submit, all or nothing: the idempotency replay, the activity counts (refused past a ceiling), the limits,
-- then the writes. Redis does not roll a script back, so every check runs before the first write.
-- KEYS: 1 request, 2 idempotency bucket, 3 pending index, 4 requester index, 5 audit stream, then the activity plan's
--       keys, then the limit plan's, then the other idempotency hashes to read (idempotency.lib.lua).
-- ARGV: 1 request key prefix, 2 idempotency field, 3 idempotency TTL (ms), 4 the idempotency entry's id part,
--       5 the id's index member (CompactRequestId.MemberOf), 6 version, 7 stored request, 8 created at (ms), 9 audit entry, 10 change channel, 11 change message,
--       12.. the activity plan, then the limit plan, then the idempotency lookup's three (idempotency.lib.lua).
-- Replies: {'replay', key, stored} | {'refused', counts...} | {'limited', verdicts...} | {'created', counts..., verdicts...}
local t = redis.call('TIME')
local now_us = t[1] * 1000000 + t[2]
local now = math.floor(now_us / 1000)
local replay_key, replayed = idempotency_replay(now)
if replay_key then
    return {'replay', replay_key, replayed}
end
local activity = activity_plan(6, 12, now)
local counts, refused = activity_count(activity)
if refused then
    return {'refused', unpack(counts)}
end
local limited, verdicts = limit(6 + activity.n, 12 + activity.size, now_us, false)
if limited then
    return {'limited', unpack(verdicts)}
end
append_audit(KEYS[5], ARGV[9])
redis.call('SET', KEYS[1], ARGV[6] .. ':' .. ARGV[7])
idempotency_record(now)
redis.call('ZADD', KEYS[3], ARGV[8], ARGV[5])
redis.call('ZADD', KEYS[4], ARGV[8], ARGV[5])
activity_record(activity)
redis.call('PUBLISH', ARGV[10], ARGV[11])
local reply = {'created'}
for _, c in ipairs(counts) do
    reply[#reply + 1] = c
end
for _, v in ipairs(verdicts) do
    reply[#reply + 1] = v
end
return reply
