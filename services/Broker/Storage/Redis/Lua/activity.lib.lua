-- Sliding-window distinct counts (insider rules, the emergency budget) as sorted sets scored by time (ms), on the
-- unit's hash tag. A plan sits in ARGV from index `first`: n, then per count member, window (ms), ceiling ('' for
-- none), then when the counts are taken (ms, the broker's clock, as the rules reason; '' for `now`); its n keys sit
-- in KEYS from index `kfirst` (every key a script touches is in KEYS, so a Redis Cluster routes it).
-- Counting trims what left the window and writes nothing else; recording adds the members and expires each key
-- with its window.

local function activity_at(first, now)
    local at = ARGV[first + 1 + 3 * tonumber(ARGV[first])]
    if at and at ~= '' then
        return tonumber(at)
    end
    return now
end

-- The counts with each member included, and whether one passed its ceiling.
local function activity_count(first, kfirst, now)
    now = activity_at(first, now)
    local n = tonumber(ARGV[first])
    local counts, refused = {}, false
    for i = 0, n - 1 do
        local at = first + 1 + 3 * i
        local key, member, window, ceiling = KEYS[kfirst + i], ARGV[at], tonumber(ARGV[at + 1]), ARGV[at + 2]
        redis.call('ZREMRANGEBYSCORE', key, '-inf', '(' .. string.format('%.0f', now - window))
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

local function activity_record(first, kfirst, now)
    now = activity_at(first, now)
    local n = tonumber(ARGV[first])
    for i = 0, n - 1 do
        local at = first + 1 + 3 * i
        redis.call('ZADD', KEYS[kfirst + i], string.format('%.0f', now), ARGV[at])
        redis.call('PEXPIRE', KEYS[kfirst + i], ARGV[at + 1])
    end
end
