-- Registers a release and indexes it. KEYS: releases, index. ARGV: 1 id, 2 record, then the index keys.
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
for i = 3, #ARGV do
    local ids = redis.call('HGET', KEYS[2], ARGV[i])
    redis.call('HSET', KEYS[2], ARGV[i], ids and (ids .. ' ' .. ARGV[1]) or ARGV[1])
end
return 1
