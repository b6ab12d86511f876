-- A suspension, its audit entry and the notice to every replica, together.
-- KEYS: suspensions, last suspended, oversight stream. ARGV: 1 audit entry, 2 field, 3 sealed suspension,
-- 4 since (ms), 5 channel.
append_audit(KEYS[3], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
redis.call('PUBLISH', ARGV[5], ARGV[2])
return 1
