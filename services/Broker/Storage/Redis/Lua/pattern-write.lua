-- Writes one party's sealed pattern history only if it still holds what the batch read: a compare-and-set on the
-- stored value's first 12 bytes, its AES-GCM nonce (random per write, so no two writes share it; '' when the batch
-- found none). Two brokers folding units of one HQ, or an approver's decisions across units, then cannot overwrite
-- each other: the loser re-reads, merges its batch's change and writes again.
-- KEYS: the party's state. ARGV: 1 expected nonce ('' for none), 2 sealed value, 3 time to live (ms).
if redis.call('GETRANGE', KEYS[1], 0, 11) ~= ARGV[1] then
    return 0
end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1
