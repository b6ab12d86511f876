-- One Submit, all or nothing: the idempotency replay, the activity counts (refused past a ceiling), the limits,
-- then the writes. Redis does not roll a script back, so every check runs before the first write.
-- KEYS: request, idempotency hash, pending index, requester index, audit stream, 6.. the activity plan's counts.
-- ARGV: 1 request key prefix, 2 idempotency field, 3 idempotency TTL (ms), 4 escaped id (the key's last part),
--       5 id, 6 version, 7 stored request, 8 created at (ms), 9 audit entry, 10 change channel, 11 change message,
--       12 limit spec, 13.. activity plan.
-- Replies: {'replay', key, stored} | {'refused', counts...} | {'limited', verdicts...} | {'created', counts..., verdicts...}
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
-- The idempotency entry is "expiry ms:escaped id"; past its expiry it no longer names a request.
local existing = redis.call('HGET', KEYS[2], ARGV[2])
if existing then
    local expiry, segment = string.match(existing, '^(%d+):(.*)$')
    if tonumber(expiry) > now then
        local key = ARGV[1] .. segment
        local stored = redis.call('GET', key)
        if stored then
            return {'replay', key, stored}
        end
    end
end
local counts, refused = activity_count(13, 6, now)
if refused then
    return {'refused', unpack(counts)}
end
local limited, verdicts = limit(ARGV[12], false)
if limited then
    return {'limited', unpack(verdicts)}
end
append_audit(KEYS[5], ARGV[9])
redis.call('SET', KEYS[1], ARGV[6] .. ':' .. ARGV[7])
redis.call('HSET', KEYS[2], ARGV[2], string.format('%.0f', now + tonumber(ARGV[3])) .. ':' .. ARGV[4])
sweep_idempotency(KEYS[2], now)
redis.call('ZADD', KEYS[3], ARGV[8], ARGV[5])
redis.call('ZADD', KEYS[4], ARGV[8], ARGV[5])
activity_record(13, 6, now)
redis.call('PUBLISH', ARGV[10], ARGV[11])
local reply = {'created'}
for _, c in ipairs(counts) do
    reply[#reply + 1] = c
end
for _, v in ipairs(verdicts) do
    reply[#reply + 1] = v
end
return reply
