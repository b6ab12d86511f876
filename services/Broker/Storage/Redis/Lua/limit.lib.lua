-- limit(spec, preview): decides every charge of a limit plan (JSON from RedisLimiter.Spec) on Redis's clock
-- (TIME, so replicas with skewed clocks agree), and writes only when no enforced rule refuses. Returns refused
-- and the flat list code, retry-after (us) per charge; a preview writes nothing but the trimming of entries that
-- left their window. One HMGET reads every override and one MGET every GCRA counter. Numbers cross into Redis
-- through string.format('%.0f'): Lua 5.1 would print a microsecond timestamp in exponent form. Every key it
-- writes gets a PX expiry in the same call, so no limiter key lives without a TTL.
local function limit(spec, preview)
    if spec == '' then
        return false, {}
    end
    local plan = cjson.decode(spec)
    local charges = plan.c
    local t = redis.call('TIME')
    local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
    local fields, gkeys, stored = {}, {}, {}
    for i, c in ipairs(charges) do
        fields[i] = c.f
        if c.d ~= 1 then
            gkeys[#gkeys + 1] = c.k
        end
    end
    local overrides = redis.call('HMGET', plan.o, unpack(fields))
    if #gkeys > 0 then
        local values = redis.call('MGET', unpack(gkeys))
        for j, key in ipairs(gkeys) do
            stored[key] = values[j]
        end
    end
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
        if c.d == 1 then
            redis.call('ZREMRANGEBYSCORE', c.k, '-inf', string.format('%.0f', now - c.win))
            local count = redis.call('ZCARD', c.k)
            capacity = lim
            -- The members a call adds (one subject, or every third party of a release) need room together;
            -- those already in the window are free. A quota's member is a fresh id: no need to look.
            local fresh = c.m
            if c.q ~= 1 then
                fresh = {}
                for start = 1, #c.m, 1000 do
                    local chunk = {unpack(c.m, start, math.min(start + 999, #c.m))}
                    local scores = redis.call('ZMSCORE', c.k, unpack(chunk))
                    for j, member in ipairs(chunk) do
                        if not scores[j] then fresh[#fresh + 1] = member end
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
                    local at = string.format('%.0f', now)
                    for start = 1, #fresh, 1000 do
                        local args = {}
                        for j = start, math.min(start + 999, #fresh) do
                            args[#args + 1] = at
                            args[#args + 1] = fresh[j]
                        end
                        redis.call('ZADD', c.k, unpack(args))
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
        if not allowed and c.s == 1 then
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
