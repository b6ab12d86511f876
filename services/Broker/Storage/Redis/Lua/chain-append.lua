-- One fold of one chain, all or nothing, and only by the lease holder onto the length it read: 0 when the lease is
-- another's, -1 when the chain moved. Every check runs before the first write. The source stream's copies of what the
-- chain now holds go in the same step (XTRIM MINID), so a crash or a failover keeps both or neither.
-- KEYS: 1 chain, 2 head, 3 cursor, 4 lease, 5 source stream, 6.. the subject index's buckets this fold writes (hashes);
-- all on the chain's hash tag.
-- ARGV: 1 holder, 2 length before, 3 head, 4 cursor, 5 stream id to trim below ('' keeps the stream), 6 entry count n,
-- 7..6+n the entries, then (bucket's KEYS index, subject field, position as a varint) triples.
if redis.call('GET', KEYS[4]) ~= ARGV[1] then return 0 end
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[2]) then return -1 end
local n = tonumber(ARGV[6])
if n > 0 then redis.call('RPUSH', KEYS[1], unpack(ARGV, 7, 6 + n)) end
-- The subject index: in each bucket, field -> its positions' varints one after another, oldest first; one HMGET and
-- one HSET per bucket and fold, a field named twice in one fold gets both positions.
local first = 7 + n
if first < #ARGV then
    local buckets, order = {}, {}
    for i = first, #ARGV, 3 do
        local key = tonumber(ARGV[i])
        local bucket = buckets[key]
        if bucket == nil then
            bucket = { fields = {}, added = {} }
            buckets[key] = bucket
            order[#order + 1] = key
        end
        local field = ARGV[i + 1]
        if bucket.added[field] == nil then bucket.fields[#bucket.fields + 1] = field end
        bucket.added[field] = (bucket.added[field] or '') .. ARGV[i + 2]
    end
    for _, key in ipairs(order) do
        local bucket = buckets[key]
        local stored = redis.call('HMGET', KEYS[key], unpack(bucket.fields))
        local written = {}
        for k, field in ipairs(bucket.fields) do
            written[#written + 1] = field
            written[#written + 1] = (stored[k] or '') .. bucket.added[field]
        end
        redis.call('HSET', KEYS[key], unpack(written))
    end
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4])
if ARGV[5] ~= '' then redis.call('XTRIM', KEYS[5], 'MINID', ARGV[5]) end
return 1
