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
            if c.q ~= 1 and redis.call('ZSCORE', c.k, c.m) then
                allowed, retry, remaining = true, 0, math.max(0, lim - count)
            elseif count >= lim then
                local oldest = redis.call('ZRANGE', c.k, 0, 0, 'WITHSCORES')
                allowed, retry, remaining = false, math.max(1, tonumber(oldest[2]) + c.win - now), 0
            else
                allowed, retry, remaining = true, 0, lim - count - 1
            end
            if allowed then
                writes[#writes + 1] = function()
                    redis.call('ZADD', c.k, string.format('%.0f', now), c.m)
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
