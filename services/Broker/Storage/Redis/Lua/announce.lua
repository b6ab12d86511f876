-- A sequencer says it is alive for the next ttl ms; the reply is how many are, itself included. Lapsed announcements
-- go first, on Redis's clock, so replicas with skewed clocks agree; the set itself lapses when every sequencer has.
-- KEYS: sequencers (sorted set, scored by when each announcement lapses). ARGV: 1 holder, 2 ttl (ms).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', string.format('%.0f', now))
redis.call('ZADD', KEYS[1], string.format('%.0f', now + tonumber(ARGV[2])), ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return redis.call('ZCARD', KEYS[1])
