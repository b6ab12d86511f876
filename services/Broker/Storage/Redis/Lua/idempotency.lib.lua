-- sweep_idempotency(hash, now, now_us): Redis 7.0 has no per-field expiry (HEXPIRE), so the unit's idempotency hash is
-- swept lazily, in a bounded step: one Submit in four (those whose TIME falls on a microsecond divisible by four, which
-- no caller chooses) samples twelve random fields and drops those past their expiry: three samples per insertion on
-- average, which keeps the expired fields near live/2 in the steady state, for no command at all on three Submits in
-- four. A field past its expiry is ignored anyway, so the sweep bounds memory, not correctness.
local function sweep_idempotency(hash, now, now_us)
    if now_us % 4 ~= 0 then
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
