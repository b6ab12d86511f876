-- One fold of one chain, all or nothing, and only by the lease holder onto the length it read: 0 when the lease is
-- another's, -1 when the chain moved. Every check runs before the first write. The source stream's copies of what the
-- chain now holds go in the same step (XTRIM MINID), so a crash or a failover keeps both or neither.
-- KEYS: 1 chain, 2 head, 3 cursor, 4 lease, 5 source stream, 6 subject index (a hash); all on the chain's hash tag.
-- ARGV: 1 holder, 2 length before, 3 head, 4 cursor, 5 stream id to trim below ('' keeps the stream), 6 entry count n,
-- 7..6+n the entries, then (subject field, position) pairs.
if redis.call('GET', KEYS[4]) ~= ARGV[1] then return 0 end
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[2]) then return -1 end
local n = tonumber(ARGV[6])
if n > 0 then redis.call('RPUSH', KEYS[1], unpack(ARGV, 7, 6 + n)) end
-- The subject index: field -> its positions, comma-separated, oldest first; one HMGET and one HSET per fold, a field
-- named twice in one fold gets both positions.
local first = 7 + n
if first < #ARGV then
    local fields = {}
    for i = first, #ARGV, 2 do fields[#fields + 1] = ARGV[i] end
    local stored = redis.call('HMGET', KEYS[6], unpack(fields))
    local positions, order = {}, {}
    for k, field in ipairs(fields) do
        local position = ARGV[first + 2 * k - 1]
        local before = positions[field] or stored[k]
        if positions[field] == nil then order[#order + 1] = field end
        positions[field] = before and (before .. ',' .. position) or position
    end
    local written = {}
    for _, field in ipairs(order) do
        written[#written + 1] = field
        written[#written + 1] = positions[field]
    end
    redis.call('HSET', KEYS[6], unpack(written))
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('XTRIM', KEYS[5], 'MINID', ARGV[5]) end
return 1
