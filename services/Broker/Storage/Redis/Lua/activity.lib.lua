-- Sliding-window distinct counts (insider rules, the emergency budget) as sorted sets scored by time (ms), on the
-- unit's hash tag. A plan: KEYS from `kfirst`, one sorted set per count; ARGV from `afirst`: n, then per count its
-- member, window (ms) and ceiling ('' for none), then when the counts are taken (ms, the broker's clock, as the rules
-- reason; '' for `now`). It takes n KEYS and 2 + 3n ARGV. Counting trims what left the window and writes nothing
-- else; recording adds the members and expires each key with its window.

local function activity_plan(kfirst, afirst, now)
    local n = tonumber(ARGV[afirst])
    local at = ARGV[afirst + 1 + 3 * n]
    if at ~= '' then
        now = tonumber(at)
    end
    return {n = n, k = kfirst, a = afirst + 1, now = now, size = 2 + 3 * n}
end

-- The counts with each member included, and whether one passed its ceiling.
local function activity_count(plan)
    local counts, refused = {}, false
    for i = 0, plan.n - 1 do
        local key, at = KEYS[plan.k + i], plan.a + 3 * i
        local member, window, ceiling = ARGV[at], tonumber(ARGV[at + 1]), ARGV[at + 2]
        redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%.0f', plan.now - window))
        local count = redis.call('ZCARD', key)
        if not redis.call('ZSCORE', key, member) then
            count = count + 1
        end
        counts[#counts + 1] = count
        if ceiling ~= '' and count > tonumber(ceiling) then
            refused = true
        end
    end
    return counts, refused
end

local function activity_record(plan)
    local now = string.format('%.0f', plan.now)
    for i = 0, plan.n - 1 do
        local key, at = KEYS[plan.k + i], plan.a + 3 * i
        redis.call('ZADD', key, now, ARGV[at])
        redis.call('PEXPIRE', key, ARGV[at + 1])
    end
end
