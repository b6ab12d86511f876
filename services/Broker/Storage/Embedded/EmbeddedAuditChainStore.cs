using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>The chains in memory: the same texts, heads, cursors, leases and checkpoints as in Redis, under one lock.</summary>
public sealed class EmbeddedAuditChainStore(TimeProvider time) : IAuditChainStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Chain> _chains = new(StringComparer.Ordinal);
    private readonly List<string> _checkpoints = [];
    private readonly Lease _checkpointLease = new();
    private readonly Dictionary<string, DateTimeOffset> _live = new(StringComparer.Ordinal);

    public Task<bool> TryHoldLeaseAsync(string chain, string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(Of(chain).Lease.TryHold(holder, ttl, time.GetUtcNow()));
    }

    public Task ReleaseLeaseAsync(string chain, string holder, CancellationToken cancellationToken)
    {
        lock (_gate)
            Of(chain).Lease.Release(holder);
        return Task.CompletedTask;
    }

    public Task<int> AnnounceAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var gone in _live.Where(l => l.Value <= now).Select(l => l.Key).ToArray())
                _live.Remove(gone);
            _live[holder] = now + ttl;
            return Task.FromResult(_live.Count);
        }
    }

    public Task<ChainState> StateAsync(string chain, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var c = Of(chain);
            return Task.FromResult(new ChainState(ChainHead.Parse(c.Head), c.Cursor));
        }
    }

    /// <summary>Keeps the sources' copies: the embedded stores' ids are positions in their lists, and they are a single process's memory.</summary>
    public Task<bool> TryAppendAsync(ChainAppend append, string holder, DateTimeOffset releaseSourceBefore, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var chain = Of(append.Chain);
            if (chain.Lease.Holder != holder || chain.Entries.Count != append.AfterSeq)
                return Task.FromResult(false);
            foreach (var entry in append.Entries)
            {
                chain.Entries.Add(entry.Text);
                if (entry.Event.Details.TryGetValue(ChainDetails.SubjectHmac, out var subject))
                {
                    if (!chain.Subjects.TryGetValue(subject, out var positions))
                        chain.Subjects[subject] = positions = [];
                    positions.Add(entry.Seq);
                }
            }
            chain.Cursor = append.Cursor;
            chain.Head = append.Head.Text;
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ReadAsync(string chain, long fromSeq, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var entries = Of(chain).Entries;
            var start = (int)Math.Min(Math.Max(fromSeq - 1, 0), entries.Count);
            return Task.FromResult<IReadOnlyList<string>>(entries.GetRange(start, Math.Min(Math.Max(count, 0), entries.Count - start)));
        }
    }

    public Task<string?> HeadAsync(string chain, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(Of(chain).Head);
    }

    public Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string chain, string subjectHmac, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<long>>(Of(chain).Subjects.TryGetValue(subjectHmac, out var p) ? [.. p] : []);
    }

    public Task<bool> TryHoldCheckpointLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_checkpointLease.TryHold(holder, ttl, time.GetUtcNow()));
    }

    public Task<IReadOnlyList<string>> CheckpointsAsync(long fromNumber, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<string>>([.. _checkpoints.Skip((int)Math.Max(0, fromNumber - 1)).Take(Math.Max(0, count))]);
    }

    public Task<string?> LastCheckpointAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_checkpoints.Count == 0 ? null : _checkpoints[^1]);
    }

    public Task<bool> TryAddCheckpointAsync(Checkpoint checkpoint, string holder, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_checkpointLease.Holder != holder || _checkpoints.Count != checkpoint.Number - 1)
                return Task.FromResult(false);
            _checkpoints.Add(checkpoint.Text);
            return Task.FromResult(true);
        }
    }

    private Chain Of(string name)
    {
        if (!_chains.TryGetValue(name, out var chain))
            _chains[name] = chain = new Chain();
        return chain;
    }

    private sealed class Chain
    {
        public List<string> Entries { get; } = [];

        public Dictionary<string, List<long>> Subjects { get; } = new(StringComparer.Ordinal);

        public Lease Lease { get; } = new();

        public string? Head { get; set; }

        public string? Cursor { get; set; }
    }

    private sealed class Lease
    {
        private DateTimeOffset _until;

        public string? Holder { get; private set; }

        public bool TryHold(string holder, TimeSpan ttl, DateTimeOffset now)
        {
            if (Holder is not null && Holder != holder && now < _until)
                return false;
            (Holder, _until) = (holder, now + ttl);
            return true;
        }

        public void Release(string holder)
        {
            if (Holder == holder)
                Holder = null;
        }
    }
}
