-- sweep_idempotency(hash, now): Redis 7.0 has no per-field expiry (HEXPIRE), so the unit's idempotency hash is
-- swept lazily, in a bounded step: a Submit whose field brings the hash to a multiple of four fields samples twelve
-- random fields and drops those past their expiry. Every insertion adds one field, so one sweep comes at least every
-- four insertions: three samples per insertion, which keeps the expired fields near live/2 in the steady state,
-- for one cheap HLEN per Submit and one sampling per four instead of a sampling each. A field past its expiry is
-- ignored anyway, so the sweep bounds memory, not correctness.
local function sweep_idempotency(hash, now)
    if redis.call('HLEN', hash) % 4 ~= 0 then
        return
    end
    local sample, expired = redis.call('HRANDFIELD', hash, 12, 'WITHVALUES'), {}
    for i = 1, #sample, 2 do
        local expiry = string.match(sample[i + 1], '^(%d+):')
        if expiry and tonumber(expiry) <= now then
            expired[#expired + 1] = sample[i]
        end
    end
    if #expired > 0 then
        redis.call('HDEL', hash, unpack(expired))
    end
end
