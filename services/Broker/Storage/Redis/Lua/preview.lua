-- An early look at a limit plan, charging nothing. KEYS: the unit's overrides (so Redis Cluster routes the
-- script to the unit's node). ARGV: 1 limit spec. Reply: {'preview', verdicts...}
local _, verdicts = limit(ARGV[1], true)
return {'preview', unpack(verdicts)}
