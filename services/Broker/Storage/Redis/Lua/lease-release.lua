-- Gives up a lease, only if the holder still holds it (a lapsed lease another took stays theirs).
-- KEYS: lease. ARGV: 1 holder.
if redis.call('GET', KEYS[1]) == ARGV[1] then
    redis.call('DEL', KEYS[1])
    return 1
end
return 0
