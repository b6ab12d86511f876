-- Reads a unit's counters for an admin, recording the read. KEYS: the unit's audit stream, its override hash,
-- then each counter. ARGV: 1 audit entry, then per counter its override field, kind ('0' rate, '1' released
-- subjects, '2' quota), window (us) and a quota's bucket (us).
-- Writes only the audit entry. Reply: now (us), then per counter: count or TAT, the newest member's score (a quota:
-- the end of its newest bucket, so that plus the window is when it is full again), override.
append_audit(KEYS[1], ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local out = {string.format('%.0f', now)}
for n = 1, #KEYS - 2 do
    local counter = KEYS[n + 2]
    local at = 4 * n - 2
    local field, kind, window, bucket = ARGV[at], ARGV[at + 1], tonumber(ARGV[at + 2]), tonumber(ARGV[at + 3])
    local raw = kind == '2' and redis.pcall('HGETALL', counter) or nil
    if raw and not raw.err then
        local first, count, newest = math.floor((now - window) / bucket), 0, nil
        for j = 1, #raw, 2 do
            local b = tonumber(raw[j])
            if raw[j] ~= '~' and b >= first and tonumber(raw[j + 1]) > 0 then
                count = count + tonumber(raw[j + 1])
                if not newest or b > newest then newest = b end
            end
        end
        out[#out + 1] = tostring(count)
        out[#out + 1] = newest and string.format('%.0f', (newest + 1) * bucket) or '0'
    elseif kind ~= '0' then
        -- Released subjects, or a quota still held as a sorted set of calls (written by an earlier broker).
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
