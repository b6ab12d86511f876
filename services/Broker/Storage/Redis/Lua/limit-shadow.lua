-- Puts a rule in or out of shadow mode. KEYS: shadow modes, admin stream. ARGV: 1 rule, 2 '1' or '0', 3 audit entry.
append_audit(KEYS[2], ARGV[3])
if ARGV[2] == '1' then
    redis.call('HSET', KEYS[1], ARGV[1], '1')
else
    redis.call('HDEL', KEYS[1], ARGV[1])
end
return 1
