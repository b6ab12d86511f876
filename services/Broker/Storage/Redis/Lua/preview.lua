-- An early look at a limit plan, charging nothing. KEYS: the limit plan's (the unit's override hash first, so Redis
-- Cluster routes the script to the unit's node). ARGV: the limit plan. Reply: {'preview', verdicts...}
local t = redis.call('TIME')
local _, verdicts = limit(1, 1, tonumber(t[1]) * 1000000 + tonumber(t[2]), true)
return {'preview', unpack(verdicts)}
