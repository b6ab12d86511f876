-- Sliding-window distinct counts (insider rules, the emergency budget) as sorted sets scored by time (ms), on the
-- unit's hash tag. A plan: KEYS from `kfirst`, one sorted set per count; ARGV from `afirst`: n, then per count its
-- member, window (ms) and ceiling ('' for none), then when the counts are taken (ms, the broker's clock, as the rules
-- reason; '' for `now`). It takes n KEYS and 2 + 3n ARGV. Counting writes nothing; recording adds the members.
-- A count is ZCOUNT over the window, so nothing must be trimmed first: each set keeps a marker member '~' scored
-- -(when the key expires, Redis ms), negative so no window ever counts it. While the key still lives a window past
-- now, a record is one ZADD; otherwise (once per window, and on a key's first record) it drops what left the window
-- and lets the key live two windows more. So a count costs ZMSCORE, ZCOUNT and ZADD, and a set holds at most about
-- two windows of members.

-- Numbers go to Redis as strings printed with '%d' (an integer conversion) rather than '%.0f' or as Lua numbers (which
-- redis.call prints with '%.17g'): both take glibc's float printing, as dear as a redis.call (docs/performance.md). When
-- the broker gives the time of the counts, its text is sent back as it came. Strings are parsed with `s + 0`: Lua 5.1's
-- tonumber runs strtod twice.
local ACTIVITY_MARK = '~'

local function activity_plan(kfirst, afirst, now)
    local n = ARGV[afirst] + 0
    local at = ARGV[afirst + 1 + 3 * n]
    local counted, text = now, nil
    if at ~= '' then
        counted, text = at + 0, at
    end
    return {n = n, k = kfirst, a = afirst + 1, now = counted, now_text = text, redis_now = now, size = 2 + 3 * n, expires = {},
        windows = {}}
end

-- The counts with each member included, and whether one passed its ceiling.
local function activity_count(plan)
    local counts, refused = {}, false
    for i = 0, plan.n - 1 do
        local key, at = KEYS[plan.k + i], plan.a + 3 * i
        local member, window, ceiling = ARGV[at], ARGV[at + 1] + 0, ARGV[at + 2]
        local from = plan.now - window
        local scores = redis.call('ZMSCORE', key, member, ACTIVITY_MARK)
        local count = redis.call('ZCOUNT', key, string.format('%d', from), '+inf')
        if not scores[1] or scores[1] + 0 < from then
            count = count + 1
        end
        plan.expires[i], plan.windows[i] = scores[2] and -scores[2] or nil, window
        counts[#counts + 1] = count
        if ceiling ~= '' and count > ceiling + 0 then
            refused = true
        end
    end
    return counts, refused
end

-- Records every member at the plan's time; call after activity_count (it reads the markers it found).
local function activity_record(plan)
    local now = plan.now_text or string.format('%d', plan.now)
    for i = 0, plan.n - 1 do
        local key, at = KEYS[plan.k + i], plan.a + 3 * i
        local window = plan.windows[i]
        local expires = plan.expires[i]
        if expires and expires >= plan.redis_now + window then
            redis.call('ZADD', key, now, ARGV[at])
        else
            if expires then
                redis.call('ZREMRANGEBYSCORE', key, '0', '(' .. string.format('%d', plan.now - window))
            end
            redis.call('ZADD', key, now, ARGV[at], string.format('%d', -(plan.redis_now + 2 * window)), ACTIVITY_MARK)
            redis.call('PEXPIRE', key, string.format('%d', 2 * window))
        end
    end
end
