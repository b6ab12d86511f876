-- One fold of one chain, all or nothing, and only by the lease holder onto the length it read: 0 when the lease is
-- another's, -1 when the chain moved. Every check runs before the first write.
-- KEYS: chain, head, cursor, lease, then one subject index per indexed entry (all on the chain's hash tag).
-- ARGV: 1 holder, 2 length before, 3 head, 4 cursor, 5 entry count, then the entries, then one position per subject index.
if redis.call('GET', KEYS[4]) ~= ARGV[1] then return 0 end
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[2]) then return -1 end
local i = 6
for _ = 1, tonumber(ARGV[5]) do
    redis.call('RPUSH', KEYS[1], ARGV[i])
    i = i + 1
end
for k = 5, #KEYS do
    redis.call('RPUSH', KEYS[k], ARGV[i])
    i = i + 1
end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('SET', KEYS[3], ARGV[4])
return 1
