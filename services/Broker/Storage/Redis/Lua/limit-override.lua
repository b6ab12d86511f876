-- Sets a temporary override; the hash lives as long as its longest override.
-- KEYS: the unit's override hash, its audit stream. ARGV: 1 field, 2 value, 3 TTL (ms), 4 audit entry.
append_audit(KEYS[2], ARGV[4])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if redis.call('PTTL', KEYS[1]) < tonumber(ARGV[3]) then
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
