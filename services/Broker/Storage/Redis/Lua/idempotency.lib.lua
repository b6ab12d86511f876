-- sweep_idempotency(hash, now): Redis 7.0 has no per-field expiry (HEXPIRE), so the unit's idempotency hash is
-- swept lazily, in a bounded step: each Submit samples a few random fields and drops those past their expiry.
-- Sampling k fields per insertion keeps the expired fields near live/(k-1) in the steady state. A field past its
-- expiry is ignored anyway, so the sweep bounds memory, not correctness.
local function sweep_idempotency(hash, now)
    local sample = redis.call('HRANDFIELD', hash, 3, 'WITHVALUES')
    for i = 1, #sample, 2 do
        local expiry = string.match(sample[i + 1], '^(%d+):')
        if expiry and tonumber(expiry) <= now then
            redis.call('HDEL', hash, sample[i])
        end
    end
end
