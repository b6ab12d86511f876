-- limit(kfirst, afirst, now, preview): decides every charge of a limit plan (RedisLimiter.Plan) at `now` (us, from the
-- calling script's one TIME, so replicas with skewed clocks agree), and writes only when no enforced rule refuses.
-- Returns refused and the flat list code, retry-after (us) per charge; a preview writes nothing but the trimming of
-- entries that left their window. One HMGET reads every override and one MGET every GCRA counter.
-- The plan is flat, so nothing is decoded: KEYS[kfirst] is the unit's override hash, KEYS[kfirst + i] charge i's
-- counter; ARGV[afirst] the number of charges, then per charge its override field, its kind, and only the numbers that
-- kind uses (us): a rate 'r' (GCRA) its interval and tolerance; a quota 'q' its bucket length, limit and period; a
-- window of members 'w' its limit, period, the number of members, and the members. The kind in capitals is the same
-- rule in shadow mode. (Each argument costs Redis a Lua string per call: RedisLimiter.Arguments sends no unused one.)
-- A quota counts calls, so it takes no members: it is a hash of calls per bucket
-- (QuotaWindow: bucket index -> calls, and '~' -> when the key expires, us), read with one HGETALL and written with one
-- HSET; once per period (and on its first call) the write also drops buckets that left the window and renews the TTL.
-- A quota still held as a sorted set of calls (written by an earlier broker) is folded into buckets on its next
-- admitted call. Numbers cross into Redis through fmt: Lua 5.1 would print a microsecond timestamp in exponent form,
-- and Redis 7.0 prints every number handed to redis.call with '%.17g'. Every key it writes gets a PX expiry in
-- the same call, so no limiter key lives without a TTL.
-- Cost (docs/performance.md, "The Submit script by parts"): each number printed or parsed here is a libc call that
-- costs about as much as a redis.call, so a charge parses only the numbers its kind uses, and prints with '%d' (an
-- integer conversion, exact below 2^63) rather than '%.0f' (glibc's multi-precision float printing, 3x the work), and
-- parses with `s + 0` rather than tonumber(s): Lua 5.1's tonumber runs strtod twice (lua_isnumber, then lua_tonumber).
local QUOTA_MARK = '~'
-- A charge's kind from its plan's letter: the capital is the same kind in shadow mode.
local LIMIT_KINDS = {r = 'r', R = 'r', q = 'q', Q = 'q', w = 'w', W = 'w'}

local function fmt(x)
    return string.format('%d', x)
end

-- A quota's calls per bucket, its marker (nil if none) and whether it is still a sorted set of calls.
local function quota_read(key, now, win, bucket)
    local raw = redis.pcall('HGETALL', key)
    local buckets = {}
    if raw.err then
        local calls = redis.call('ZRANGE', key, '(' .. fmt(now - win), '+inf', 'BYSCORE', 'WITHSCORES')
        for j = 2, #calls, 2 do
            local b = math.floor(tonumber(calls[j]) / bucket)
            buckets[b] = (buckets[b] or 0) + 1
        end
        return buckets, nil, true
    end
    local expires
    for j = 1, #raw, 2 do
        if raw[j] == QUOTA_MARK then
            expires = raw[j + 1] + 0
        else
            buckets[raw[j] + 0] = raw[j + 1] + 0
        end
    end
    return buckets, expires, false
end

-- Counts one call at `now`: one HSET, plus, when the key would not outlive the call's bucket by a period, the drop of
-- the buckets that left the window and a new TTL of two periods and a bucket.
local function quota_write(key, buckets, expires, legacy, now, win, bucket)
    local first, b = math.floor((now - win) / bucket), math.floor(now / bucket)
    local args = {fmt(b), fmt((buckets[b] or 0) + 1)}
    if legacy then
        redis.call('DEL', key)
        for k, n in pairs(buckets) do
            if k ~= b and k >= first then
                args[#args + 1] = fmt(k)
                args[#args + 1] = fmt(n)
            end
        end
    elseif expires and expires >= now + win + bucket then
        redis.call('HSET', key, unpack(args))
        return
    else
        local stale = {}
        for k in pairs(buckets) do
            if k < first then
                stale[#stale + 1] = fmt(k)
            end
        end
        if #stale > 0 then
            redis.call('HDEL', key, unpack(stale))
        end
    end
    local ttl = 2 * win + bucket
    args[#args + 1] = QUOTA_MARK
    args[#args + 1] = fmt(now + ttl)
    redis.call('HSET', key, unpack(args))
    redis.call('PEXPIRE', key, fmt(math.ceil(ttl / 1000) + 1))
end

-- A quota's verdict: allowed, retry (us), remaining.
local function quota_decide(buckets, now, win, bucket, lim)
    local first, count = math.floor((now - win) / bucket), 0
    for b, n in pairs(buckets) do
        if b >= first and n > 0 then
            count = count + n
        end
    end
    if count < lim then
        return true, 0, lim - count - 1
    end
    -- Refused: only now are the live buckets listed, in order, to say when enough of them leave.
    local live = {}
    for b, n in pairs(buckets) do
        if b >= first and n > 0 then
            live[#live + 1] = b
        end
    end
    table.sort(live)
    local leaving = count - lim + 1
    for _, b in ipairs(live) do
        leaving = leaving - buckets[b]
        if leaving <= 0 then
            return false, math.max(1, (b + 1) * bucket + win - now), 0
        end
    end
    return false, win, 0
end

local function limit(kfirst, afirst, now, preview)
    local n = ARGV[afirst] + 0
    if n == 0 then
        return false, {}
    end
    local charges, fields, gkeys, stored = {}, {}, {}, {}
    local at = afirst + 1
    for i = 1, n do
        -- Only where the charge's numbers start and its kind; they are parsed when it is decided.
        local given = ARGV[at + 1]
        local kind = LIMIT_KINDS[given]
        local c = {k = KEYS[kfirst + i], a = at + 2, d = kind ~= 'r', s = kind ~= given, q = kind == 'q', mn = 0}
        fields[i] = ARGV[at]
        if kind == 'r' then
            gkeys[#gkeys + 1] = c.k
            at = at + 4
        elseif kind == 'q' then
            at = at + 5
        else
            c.mn, c.m = ARGV[at + 4] + 0, at + 5
            at = c.m + c.mn
        end
        charges[i] = c
    end
    local overrides = redis.call('HMGET', KEYS[kfirst], unpack(fields))
    if #gkeys > 0 then
        local values = redis.call('MGET', unpack(gkeys))
        for j, key in ipairs(gkeys) do
            stored[key] = values[j]
        end
    end
    local out, writes, refused = {}, {}, false
    for i, c in ipairs(charges) do
        local at, iv, tol, lim = c.a
        local o = overrides[i]
        if o then
            local a, b, l, e = string.match(o, '^(%d+):(%d+):(%d+):(%d+)$')
            if a and e + 0 > now then
                iv, tol, lim = a + 0, b + 0, l + 0
            else
                o = nil
            end
        end
        if not o then
            -- A quota takes its limit only, a window its limit, GCRA its interval and tolerance (capacity = tol / iv).
            if c.q then
                lim = ARGV[at + 1] + 0
            elseif c.d then
                lim = ARGV[at] + 0
            else
                iv, tol = ARGV[at] + 0, ARGV[at + 1] + 0
            end
        end
        local allowed, retry, remaining, capacity
        if c.q then
            -- A quota's bucket length follows from its period, which an override does not change.
            local bucket, win = ARGV[at] + 0, ARGV[at + 2] + 0
            c.win = win
            local buckets, expires, legacy = quota_read(c.k, now, c.win, bucket)
            capacity = lim
            allowed, retry, remaining = quota_decide(buckets, now, c.win, bucket, lim)
            if allowed then
                writes[#writes + 1] = function()
                    quota_write(c.k, buckets, expires, legacy, now, c.win, bucket)
                end
            end
        elseif c.d then
            c.win = ARGV[at + 1] + 0
            redis.call('ZREMRANGEBYSCORE', c.k, '-inf', fmt(now - c.win))
            local count = redis.call('ZCARD', c.k)
            capacity = lim
            -- The members a call adds (one subject, or every third party of a release) need room together;
            -- those already in the window are free.
            local fresh = {}
            for start = c.m, c.m + c.mn - 1, 1000 do
                local last = math.min(start + 999, c.m + c.mn - 1)
                local scores = redis.call('ZMSCORE', c.k, unpack(ARGV, start, last))
                for j = start, last do
                    if not scores[j - start + 1] then fresh[#fresh + 1] = ARGV[j] end
                end
            end
            local after = count + #fresh
            if #fresh == 0 then
                allowed, retry, remaining = true, 0, math.max(0, lim - count)
            elseif after <= lim then
                allowed, retry, remaining = true, 0, lim - after
            elseif #fresh > lim then
                allowed, retry, remaining = false, c.win, 0
            else
                local leaving = redis.call('ZRANGE', c.k, after - lim - 1, after - lim - 1, 'WITHSCORES')
                allowed, retry, remaining = false, math.max(1, tonumber(leaving[2]) + c.win - now), 0
            end
            if allowed and #fresh > 0 then
                writes[#writes + 1] = function()
                    local nows = fmt(now)
                    for start = 1, #fresh, 1000 do
                        local args = {}
                        for j = start, math.min(start + 999, #fresh) do
                            args[#args + 1] = nows
                            args[#args + 1] = fresh[j]
                        end
                        redis.call('ZADD', c.k, unpack(args))
                    end
                    redis.call('PEXPIRE', c.k, fmt(math.ceil(c.win / 1000) + 1))
                end
            end
        else
            local tat = 0
            local value = stored[c.k]
            if value then
                local a, b = string.match(value, '^(%d+):(%d+)$')
                tat = a + 0
                if tat > now and b + 0 ~= iv then
                    tat = now + math.ceil((tat - now) * iv / b)
                end
            end
            local newTat = math.max(tat, now) + iv
            local allowAt = newTat - tol
            capacity = tol / iv
            if now < allowAt then
                allowed, retry, remaining = false, allowAt - now, 0
            else
                allowed, retry, remaining = true, 0, math.floor((now - allowAt) / iv)
                writes[#writes + 1] = function()
                    redis.call('SET', c.k, string.format('%d:%d', newTat, iv), 'PX', fmt(math.ceil((newTat - now) / 1000) + 1))
                end
            end
        end
        local code
        if not allowed and c.s then
            code = 4
        elseif not allowed then
            code = 3
            refused = true
        elseif remaining * 5 <= capacity then
            code = 2
        else
            code = 1
        end
        out[#out + 1] = code
        out[#out + 1] = allowed and 0 or retry
    end
    if not refused and not preview then
        for _, write in ipairs(writes) do
            write()
        end
    end
    return refused, out
end

