-- Forgets a release. KEYS: releases, index. ARGV: 1 id, then the index keys of the release; drops the id from each.
redis.call('HDEL', KEYS[1], ARGV[1])
for i = 2, #ARGV do
    local ids = redis.call('HGET', KEYS[2], ARGV[i])
    if ids then
        local kept = {}
        for id in string.gmatch(ids, '%S+') do
            if id ~= ARGV[1] then
                kept[#kept + 1] = id
            end
        end
        if #kept == 0 then
            redis.call('HDEL', KEYS[2], ARGV[i])
        else
            redis.call('HSET', KEYS[2], ARGV[i], table.concat(kept, ' '))
        end
    end
end
return 1
