-- append_audit(stream, entry): the one way a script records its change. The entry is one sealed value
-- (RedisAuditEntry.Seal), so the scripts never see, decode or lay out an audit event's fields. It is the first
-- write of every change: if it fails, nothing it records exists.
local function append_audit(stream, entry)
    redis.call('XADD', stream, '*', 'e', entry)
end
