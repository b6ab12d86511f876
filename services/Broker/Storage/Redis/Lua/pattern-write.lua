-- Writes each party's sealed pattern history only if it still holds what the batch read: a compare-and-set on the
-- stored value's first 12 bytes, its AES-GCM nonce (random per write, so no two writes share it; '' when the batch
-- found none). Two brokers folding units of one HQ, or an approver's decisions across units, then cannot overwrite
-- each other: the loser re-reads, merges its batch's change and writes again. Each party is its own compare-and-set;
-- one call takes every party of a batch a server may run together (RedisPatternStore: all on one server, one hash
-- slot's on a cluster), so a batch is one round trip rather than one per party.
-- KEYS: the parties' states. ARGV: 1 time to live (ms), then per key its expected nonce ('' for none) and sealed value.
-- Reply: per key, 1 written or 0 not (it moved since the batch read it).
local written = {}
for i = 1, #KEYS do
    if redis.call('GETRANGE', KEYS[i], 0, 11) == ARGV[2 * i] then
        redis.call('SET', KEYS[i], ARGV[2 * i + 1], 'PX', ARGV[1])
        written[i] = 1
    else
        written[i] = 0
    end
end
return written
