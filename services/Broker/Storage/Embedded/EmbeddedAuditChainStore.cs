using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Oversight;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>The chain in memory: the same texts, head, checkpoints and cursors as in Redis, under one lock.</summary>
public sealed class EmbeddedAuditChainStore(TimeProvider time) : IAuditChainStore
{
    private readonly Lock _gate = new();
    private readonly List<string> _entries = [];
    private readonly List<string> _checkpoints = [];
    private readonly Dictionary<string, string> _cursors = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<long>> _subjects = new(StringComparer.Ordinal);
    private string? _head;
    private string? _holder;
    private DateTimeOffset _leaseUntil;

    public Task<bool> TryHoldLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_holder is not null && _holder != holder && now < _leaseUntil)
                return Task.FromResult(false);
            (_holder, _leaseUntil) = (holder, now + ttl);
            return Task.FromResult(true);
        }
    }

    public Task<ChainState> StateAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new ChainState(ChainHead.Parse(_head),
                _checkpoints.Count == 0 ? null : Checkpoint.Parse(_checkpoints[^1]),
                new Dictionary<string, string>(_cursors, StringComparer.Ordinal)));
        }
    }

    public Task<bool> TryAppendAsync(ChainAppend append, string holder, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_holder != holder || _entries.Count != append.AfterSeq)
                return Task.FromResult(false);
            foreach (var (source, id) in append.Cursors)
                _cursors[source] = id;
            foreach (var entry in append.Entries)
            {
                _entries.Add(entry.Text);
                if (entry.Event.Details.TryGetValue(ChainDetails.SubjectHmac, out var subject))
                {
                    if (!_subjects.TryGetValue(subject, out var positions))
                        _subjects[subject] = positions = [];
                    positions.Add(entry.Seq);
                }
            }
            _head = append.Head.Text;
            if (append.Checkpoint is not null)
                _checkpoints.Add(append.Checkpoint.Text);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string>> ReadAsync(long fromSeq, int count, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var start = (int)Math.Min(Math.Max(fromSeq - 1, 0), _entries.Count);
            return Task.FromResult<IReadOnlyList<string>>(_entries.GetRange(start, Math.Min(Math.Max(count, 0), _entries.Count - start)));
        }
    }

    public Task<IReadOnlyList<string>> CheckpointsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<string>>([.. _checkpoints]);
    }

    public Task<string?> HeadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_head);
    }

    public Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string subjectHmac, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<long>>(_subjects.TryGetValue(subjectHmac, out var p) ? [.. p] : []);
    }
}
