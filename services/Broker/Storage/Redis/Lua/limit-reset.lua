-- Resets a counter and drops its override. KEYS: the counter, the unit's override hash, its audit stream.
-- ARGV: 1 override field, 2 audit entry.
append_audit(KEYS[3], ARGV[2])
redis.call('DEL', KEYS[1])
redis.call('HDEL', KEYS[2], ARGV[1])
return 1
