-- Reads a unit's counters for an admin, recording the read. KEYS: the unit's audit stream, its override hash,
-- then each counter. ARGV: 1 audit entry, then per counter its override field, distinct flag and window (us).
-- Writes only the audit entry. Reply: now (us), then per counter: count or TAT, newest member's score, override.
append_audit(KEYS[1], ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local out = {string.format('%.0f', now)}
for n = 1, #KEYS - 2 do
    local counter = KEYS[n + 2]
    local field, distinct, window = ARGV[3 * n - 1], ARGV[3 * n], tonumber(ARGV[3 * n + 1])
    if distinct == '1' then
        local count = redis.call('ZCOUNT', counter, '(' .. string.format('%.0f', now - window), '+inf')
        local newest = redis.call('ZRANGE', counter, -1, -1, 'WITHSCORES')
        out[#out + 1] = tostring(count)
        out[#out + 1] = newest[2] or '0'
    else
        out[#out + 1] = redis.call('GET', counter) or '0'
        out[#out + 1] = '0'
    end
    out[#out + 1] = redis.call('HGET', KEYS[2], field) or ''
end
return out
