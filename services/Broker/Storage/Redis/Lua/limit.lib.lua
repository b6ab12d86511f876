-- limit(kfirst, afirst, now, preview): decides every charge of a limit plan (RedisLimiter.Plan) at `now` (us, from the
-- calling script's one TIME, so replicas with skewed clocks agree), and writes only when no enforced rule refuses.
-- Returns refused and the flat list code, retry-after (us) per charge; a preview writes nothing but the trimming of
-- entries that left their window. One HMGET reads every override and one MGET every GCRA counter.
-- The plan is flat, so nothing is decoded: KEYS[kfirst] is the unit's override hash, KEYS[kfirst + i] charge i's
-- counter; ARGV[afirst] the number of charges, then per charge its override field, window ('1') or rate ('0'),
-- interval, tolerance, limit, window length (us), shadow ('1'/'0'), quota ('1'/'0'), the number of members, and the
-- members. A quota counts calls, so it takes no members: each admitted call adds one of its own, named by `now`.
-- Numbers cross into Redis through string.format('%.0f'): Lua 5.1 would print a microsecond timestamp in exponent
-- form. Every key it writes gets a PX expiry in the same call, so no limiter key lives without a TTL.
local function limit(kfirst, afirst, now, preview)
    local n = tonumber(ARGV[afirst])
    if n == 0 then
        return false, {}
    end
    local charges, fields, gkeys, stored = {}, {}, {}, {}
    local at = afirst + 1
    for i = 1, n do
        local c = {k = KEYS[kfirst + i], d = ARGV[at + 1] == '1', iv = tonumber(ARGV[at + 2]), tol = tonumber(ARGV[at + 3]),
            lim = tonumber(ARGV[at + 4]), win = tonumber(ARGV[at + 5]), s = ARGV[at + 6] == '1', q = ARGV[at + 7] == '1',
            m = at + 9, mn = tonumber(ARGV[at + 8])}
        fields[i] = ARGV[at]
        if not c.d then
            gkeys[#gkeys + 1] = c.k
        end
        charges[i] = c
        at = c.m + c.mn
    end
    local overrides = redis.call('HMGET', KEYS[kfirst], unpack(fields))
    if #gkeys > 0 then
        local values = redis.call('MGET', unpack(gkeys))
        for j, key in ipairs(gkeys) do
            stored[key] = values[j]
        end
    end
    local nows = string.format('%.0f', now)
    local out, writes, refused = {}, {}, false
    for i, c in ipairs(charges) do
        local iv, tol, lim = c.iv, c.tol, c.lim
        local o = overrides[i]
        if o then
            local a, b, l, e = string.match(o, '^(%d+):(%d+):(%d+):(%d+)$')
            if a and tonumber(e) > now then
                iv, tol, lim = tonumber(a), tonumber(b), tonumber(l)
            end
        end
        local allowed, retry, remaining, capacity
        if c.d then
            redis.call('ZREMRANGEBYSCORE', c.k, '-inf', string.format('%.0f', now - c.win))
            local count = redis.call('ZCARD', c.k)
            capacity = lim
            -- The members a call adds (one subject, or every third party of a release) need room together;
            -- those already in the window are free. A quota's member is new: no need to look.
            local fresh = {}
            if c.q then
                fresh[1] = nows
            else
                for start = c.m, c.m + c.mn - 1, 1000 do
                    local last = math.min(start + 999, c.m + c.mn - 1)
                    local scores = redis.call('ZMSCORE', c.k, unpack(ARGV, start, last))
                    for j = start, last do
                        if not scores[j - start + 1] then fresh[#fresh + 1] = ARGV[j] end
                    end
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
                    if c.q then
                        -- Two calls in one microsecond on one counter (a clock stepped back): the second is still counted.
                        local member, k = nows, 0
                        while redis.call('ZADD', c.k, 'NX', nows, member) == 0 do
                            k = k + 1
                            member = nows .. '.' .. k
                        end
                    else
                        for start = 1, #fresh, 1000 do
                            local args = {}
                            for j = start, math.min(start + 999, #fresh) do
                                args[#args + 1] = nows
                                args[#args + 1] = fresh[j]
                            end
                            redis.call('ZADD', c.k, unpack(args))
                        end
                    end
                    redis.call('PEXPIRE', c.k, math.ceil(c.win / 1000) + 1)
                end
            end
        else
            local tat = 0
            local value = stored[c.k]
            if value then
                local a, b = string.match(value, '^(%d+):(%d+)$')
                tat = tonumber(a)
                if tat > now and tonumber(b) ~= iv then
                    tat = now + math.ceil((tat - now) * iv / tonumber(b))
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
                    redis.call('SET', c.k, string.format('%.0f:%.0f', newTat, iv), 'PX', math.ceil((newTat - now) / 1000) + 1)
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

