-- Moves an open emergency review to done, with its audit entry; 0 when it was not open.
-- KEYS: open, done, oversight stream. ARGV: 1 request id, 2 sealed review, 3 audit entry.
if redis.call('HDEL', KEYS[1], ARGV[1]) == 0 then
    return 0
end
append_audit(KEYS[3], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
return 1
