-- The unit's idempotency keys live in hashes bucketed by the period they were written in (RedisIdempotency.cs): one
-- hash per unit per period, named by the broker, each living exactly as long as the last entry written into it (PEXPIREAT
-- GT), so expired entries go with their bucket and nothing ever sweeps. A period is the TTL, so an entry still alive
-- sits in the current or the previous bucket (or, near a boundary and with clocks apart, the one next to them).
-- KEYS[2] is the bucket to write; the lookup also reads the n buckets and the pre-bucket hash at the end of KEYS.
-- ARGV[1] the request key prefix, ARGV[2] the field (16 bytes), ARGV[3] the TTL (ms), ARGV[4] the entry's id part;
-- at the end of ARGV: the pre-bucket hash's TTL to give it ('' but on a broker's first Submit of the unit), the key
-- prefix of a binary id, the pre-bucket hash's field, n.
-- An entry is the expiry (ms, 6 bytes big-endian), then 0 and the 16 bytes of a request id "UNIT.<26 base32>" (their
-- key is the request key prefix and the 16 bytes, or, stored before 2026-12-03, the prefix of a binary id and the base32
-- text), or 1 and the escaped id. An entry of the pre-bucket hash is the text
-- "expiry:escaped id" (its 7th byte is a digit, never 0 or 1).
local IDEMPOTENCY_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

local function idempotency_base32(bytes)
    local out, buffer, bits = {}, 0, 0
    for i = 1, #bytes do
        buffer, bits = buffer * 256 + string.byte(bytes, i), bits + 8
        while bits >= 5 do
            bits = bits - 5
            local v = math.floor(buffer / 2 ^ bits)
            buffer = buffer - v * 2 ^ bits
            out[#out + 1] = string.sub(IDEMPOTENCY_BASE32, v + 1, v + 1)
        end
    end
    if bits > 0 then
        local v = buffer * 2 ^ (5 - bits)
        out[#out + 1] = string.sub(IDEMPOTENCY_BASE32, v + 1, v + 1)
    end
    return table.concat(out)
end

-- The entry's expiry (ms) and the key of the request it names, and the key it had before 2026-12-03 where that differs.
local function idempotency_entry(value)
    local kind = string.byte(value, 7)
    if kind == 0 then
        local id = string.sub(value, 8)
        return (struct.unpack('>I6', value)), ARGV[1] .. id, ARGV[#ARGV - 2] .. idempotency_base32(id)
    elseif kind == 1 then
        return (struct.unpack('>I6', value)), ARGV[1] .. string.sub(value, 8)
    end
    local expiry, segment = string.match(value, '^(%d+):(.*)$')
    return tonumber(expiry), ARGV[1] .. segment
end

-- The request a live entry for the key names, as its key and stored value; nil when none does.
local function idempotency_find(hash, field, now)
    local value = redis.call('HGET', hash, field)
    if value then
        local expiry, key, before = idempotency_entry(value)
        if expiry > now then
            local stored = redis.call('GET', key)
            if stored then
                return key, stored
            end
            if before then
                stored = redis.call('GET', before)
                if stored then
                    return before, stored
                end
            end
        end
    end
    return nil
end

-- The live request the idempotency key names: the current bucket first, then the others, then the pre-bucket hash.
local function idempotency_replay(now)
    -- NX: the first broker with buckets gives it one TTL, by when every entry it can hold has expired.
    if ARGV[#ARGV - 3] ~= '' then
        redis.call('PEXPIRE', KEYS[#KEYS], ARGV[#ARGV - 3], 'NX')
    end
    local key, stored = idempotency_find(KEYS[2], ARGV[2], now)
    local i = #KEYS - tonumber(ARGV[#ARGV])
    while not key and i < #KEYS do
        key, stored = idempotency_find(KEYS[i], ARGV[2], now)
        i = i + 1
    end
    if key then
        return key, stored
    end
    return idempotency_find(KEYS[#KEYS], ARGV[#ARGV - 1], now)
end

-- Records the key for the new request in the current bucket, which then lives until this entry expires: GT keeps a
-- later entry's expiry, and NX gives a bucket just created (no TTL yet, which GT counts as infinite) its first.
local function idempotency_record(now)
    local expiry = string.format('%.0f', now + tonumber(ARGV[3]))
    redis.call('HSET', KEYS[2], ARGV[2], struct.pack('>I6', expiry) .. ARGV[4])
    if redis.call('PEXPIREAT', KEYS[2], expiry, 'GT') == 0 then
        redis.call('PEXPIREAT', KEYS[2], expiry, 'NX')
    end
end
