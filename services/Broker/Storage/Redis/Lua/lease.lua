-- Takes or renews a lease (a chain's fold lease, or the checkpoint lease) for a holder; 0 while another holds it.
-- KEYS: lease. ARGV: 1 holder, 2 time to live (ms).
local holder = redis.call('GET', KEYS[1])
if not holder then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 1
end
if holder == ARGV[1] then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 1
end
return 0
