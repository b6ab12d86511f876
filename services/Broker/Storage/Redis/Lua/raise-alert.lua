-- An alert, its audit entry and its announcement. KEYS: alerts stream, oversight stream.
-- ARGV: 1 sealed alert, 2 audit entry, 3 channel.
append_audit(KEYS[2], ARGV[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', '10000', '*', 'a', ARGV[1])
redis.call('PUBLISH', ARGV[3], ARGV[1])
return 1
