using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>What a page of the merged audit trail reads from the chains it merges.</summary>
public sealed class AuditTrailQueryTests
{
    private readonly RequestFactory _requests = new();
    private readonly EmbeddedRequestStore _store = new(new ChangeHub());

    private IRequestStore Store => _store;
    private readonly EmbeddedOversightStore _oversight = new();
    private readonly ReadCountingChainStore _chains = new(new EmbeddedAuditChainStore(TimeProvider.System));

    [Fact]
    public async Task A_page_reads_a_few_entries_of_each_chain_and_more_only_of_the_chains_it_keeps_taking_from()
    {
        var rig = new ChainRig(_chains, new EmbeddedAuditSource(_store, _oversight));
        foreach (var unit in new[] { "ATU", "RAB-6" })
        {
            for (var i = 0; i < 300; i++)
            {
                var request = _requests.New(unit);
                await Store.SubmitAsync(request, _requests.Audit(request), default).DefaultTimeout();
            }
        }
        await rig.Sequencer.CatchUpAsync(default).DefaultTimeout();
        var (all, _, _) = await rig.Trail.QueryAsync(null, 1000, _ => true, default).DefaultTimeout();
        _chains.Read = 0;

        var (page, _, next) = await rig.Trail.QueryAsync(null, 10, _ => true, default).DefaultTimeout();

        Assert.Equal(all.Take(10).Select(Position), page.Select(Position));
        Assert.NotNull(next);
        // Two chains of 300 and the oversight chain: 16 of each at first (it was 200 of each, whatever the page).
        Assert.InRange(_chains.Read, 10, 3 * 16);
        // Taking on from one chain doubles what is read of it, up to 200 at a time: a long page still comes whole.
        var (long_, _, _) = await rig.Trail.QueryAsync(null, 500, e => e.Source == "unit:ATU", default).DefaultTimeout();
        Assert.Equal(all.Where(e => e.Source == "unit:ATU").Take(500).Select(Position), long_.Select(Position));
    }

    private static (string Source, long Seq) Position(ChainEntry entry) => (entry.Source, entry.Seq);

    /// <summary>Counts the entries a trail asks the store for.</summary>
    private sealed class ReadCountingChainStore(IAuditChainStore inner) : IAuditChainStore
    {
        public int Read { get; set; }

        public async Task<IReadOnlyList<string>> ReadAsync(string chain, long fromSeq, int count, CancellationToken cancellationToken)
        {
            var entries = await inner.ReadAsync(chain, fromSeq, count, cancellationToken);
            Read += entries.Count;
            return entries;
        }

        public Task<bool> TryHoldLeaseAsync(string chain, string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
            inner.TryHoldLeaseAsync(chain, holder, ttl, cancellationToken);

        public Task ReleaseLeaseAsync(string chain, string holder, CancellationToken cancellationToken) =>
            inner.ReleaseLeaseAsync(chain, holder, cancellationToken);

        public Task<int> AnnounceAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken) => inner.AnnounceAsync(holder, ttl, cancellationToken);

        public Task<ChainState> StateAsync(string chain, CancellationToken cancellationToken) => inner.StateAsync(chain, cancellationToken);

        public Task<bool> TryAppendAsync(ChainAppend append, string holder, DateTimeOffset releaseSourceBefore, CancellationToken cancellationToken) =>
            inner.TryAppendAsync(append, holder, releaseSourceBefore, cancellationToken);

        public Task<string?> HeadAsync(string chain, CancellationToken cancellationToken) => inner.HeadAsync(chain, cancellationToken);

        public Task<IReadOnlyList<long>> PositionsOfSubjectAsync(string chain, string subjectHmac, CancellationToken cancellationToken) =>
            inner.PositionsOfSubjectAsync(chain, subjectHmac, cancellationToken);

        public Task<bool> TryHoldCheckpointLeaseAsync(string holder, TimeSpan ttl, CancellationToken cancellationToken) =>
            inner.TryHoldCheckpointLeaseAsync(holder, ttl, cancellationToken);

        public Task<IReadOnlyList<string>> CheckpointsAsync(long fromNumber, int count, CancellationToken cancellationToken) =>
            inner.CheckpointsAsync(fromNumber, count, cancellationToken);

        public Task<string?> LastCheckpointAsync(CancellationToken cancellationToken) => inner.LastCheckpointAsync(cancellationToken);

        public Task<bool> TryAddCheckpointAsync(Checkpoint checkpoint, string holder, CancellationToken cancellationToken) =>
            inner.TryAddCheckpointAsync(checkpoint, holder, cancellationToken);
    }
}
