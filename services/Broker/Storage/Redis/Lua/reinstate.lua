-- Lifts a suspension in force, with its audit entry; 0 when there was none.
-- KEYS: suspensions, oversight stream. ARGV: 1 audit entry, 2 field, 3 channel.
if redis.call('HDEL', KEYS[1], ARGV[2]) == 0 then
    return 0
end
append_audit(KEYS[2], ARGV[1])
redis.call('PUBLISH', ARGV[3], ARGV[2])
return 1
