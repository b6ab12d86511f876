-- Sliding-window distinct counts (insider rules, the emergency budget) as sorted sets scored by time (ms), on the
-- unit's hash tag. A plan: KEYS from `kfirst`, one sorted set per count; ARGV from `afirst`: n, then per count its
-- member, window (ms) and ceiling ('' for none), then when the counts are taken (ms, the broker's clock, as the rules
-- reason; '' for `now`). It takes n KEYS and 2 + 3n ARGV. Counting writes nothing; recording adds the members.
-- A count is ZCOUNT over the window, so nothing must be trimmed first: each set keeps a marker member '~' scored
-- -(when the key expires, Redis ms), negative so no window ever counts it. While the key still lives a window past
-- now, a record is one ZADD; otherwise (once per window, and on a key's first record) it drops what left the window
-- and lets the key live two windows more. So a count costs ZMSCORE, ZCOUNT and ZADD, and a set holds at most about
-- two windows of members.

local ACTIVITY_MARK = '~'

local function activity_plan(kfirst, afirst, now)
    local n = tonumber(ARGV[afirst])
    local at = ARGV[afirst + 1 + 3 * n]
    local counted = now
    if at ~= '' then
        counted = tonumber(at)
    end
    return {n = n, k = kfirst, a = afirst + 1, now = counted, redis_now = now, size = 2 + 3 * n, expires = {}}
end

-- The counts with each member included, and whether one passed its ceiling.
local function activity_count(plan)
    local counts, refused = {}, false
    for i = 0, plan.n - 1 do
        local key, at = KEYS[plan.k + i], plan.a + 3 * i
        local member, window, ceiling = ARGV[at], tonumber(ARGV[at + 1]), ARGV[at + 2]
        local from = plan.now - window
        local scores = redis.call('ZMSCORE', key, member, ACTIVITY_MARK)
        local count = redis.call('ZCOUNT', key, string.format('%.0f', from), '+inf')
        if not scores[1] or tonumber(scores[1]) < from then
            count = count + 1
        end
        plan.expires[i] = scores[2] and -tonumber(scores[2]) or nil
        counts[#counts + 1] = count
        if ceiling ~= '' and count > tonumber(ceiling) then
            refused = true
        end
    end
    return counts, refused
end

-- Records every member at the plan's time; call after activity_count (it reads the markers it found).
local function activity_record(plan)
    local now = string.format('%.0f', plan.now)
    for i = 0, plan.n - 1 do
        local key, at = KEYS[plan.k + i], plan.a + 3 * i
        local window = tonumber(ARGV[at + 1])
        local expires = plan.expires[i]
        if expires and expires >= plan.redis_now + window then
            redis.call('ZADD', key, now, ARGV[at])
        else
            if expires then
                redis.call('ZREMRANGEBYSCORE', key, '0', '(' .. string.format('%.0f', plan.now - window))
            end
            redis.call('ZADD', key, now, ARGV[at], string.format('%.0f', -(plan.redis_now + 2 * window)), ACTIVITY_MARK)
            redis.call('PEXPIRE', key, 2 * window)
        end
    end
end
