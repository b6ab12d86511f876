-- Adds the next checkpoint, only by the checkpoint lease's holder and only onto the checkpoints numbered before it:
-- 0 when the lease is another's, -1 when the list is not that long.
-- KEYS: checkpoints, checkpoint lease. ARGV: 1 holder, 2 checkpoints before this one, 3 its text.
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
if redis.call('LLEN', KEYS[1]) ~= tonumber(ARGV[2]) then return -1 end
redis.call('RPUSH', KEYS[1], ARGV[3])
return 1
