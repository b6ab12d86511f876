using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// Runs the long-horizon pattern rules on each chained batch: loads the histories the batch touches (one pipelined
/// read; a second, first, only for events chained before the events named their request, whose stored traces tell
/// whose parties to read), folds the events, raises the alerts (a severe one suspends through <see cref="AlertDesk"/>),
/// and writes the changed state back, each party with a compare-and-set: a party another broker wrote meanwhile (an HQ
/// or an approver spans units folded by different brokers) is re-read and this batch's change merged onto it, a bounded
/// number of times, then counted and logged as lost. A batch that fails is kept and retried with the next one, so a
/// store blip delays detection rather than losing it; alerts are raised before the state is saved, so a failure in
/// between repeats an alert rather than dropping it.
/// </summary>
public sealed class PatternWatch(PatternDetector detector, IPatternStateStore store, AlertDesk desk, IOversightLog log)
    : IChainedEventsObserver, IDisposable
{
    /// <summary>Events kept for a retry while the store is down: about a day of the agency's traffic.</summary>
    private const int PendingLimit = 50_000;
    /// <summary>Re-reads and merges of a party another broker wrote meanwhile, before its batch's change is given up.</summary>
    private const int MergeAttempts = 4;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<AuditEvent> _pending = [];
    private long _merged;
    private long _lost;

    /// <summary>Party writes that lost a race and were merged onto the other broker's write.</summary>
    public long PartiesMerged => Interlocked.Read(ref _merged);

    /// <summary>Party writes given up after <see cref="MergeAttempts"/> lost races: that batch's change to the party is lost.</summary>
    public long PartiesLost => Interlocked.Read(ref _lost);

    public async Task OnChainedAsync(IReadOnlyList<AuditEvent> events, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            _pending.AddRange(events.Where(PatternDetector.Reads));
            if (_pending.Count > PendingLimit)
            {
                log.PatternEventsDropped(_pending.Count - PendingLimit);
                _pending.RemoveRange(0, _pending.Count - PendingLimit);
            }
            if (_pending.Count == 0)
                return;
            var legacy = PatternDetector.RequestsOf(_pending);
            var state = new PatternState(legacy.Count == 0 ? new Dictionary<string, RequestTrace>() : await store.LoadRequestsAsync(legacy, cancellationToken),
                new Dictionary<string, PartyHistory>());
            state.Merge(await store.LoadPartiesAsync(detector.PartiesOf(_pending, state), cancellationToken));
            var alerts = detector.Observe(_pending, state);
            await desk.RaiseAsync(alerts, cancellationToken);
            await SaveAsync(state, cancellationToken);
            _pending.Clear();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.PatternRulesFailed(_pending.Count, e.GetType().Name, e.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task SaveAsync(PatternState state, CancellationToken cancellationToken)
    {
        var conflicts = await store.SaveAsync(state, detector.Rules.RequestRetention, detector.Rules.PartyRetention, cancellationToken);
        for (var attempt = 0; conflicts.Count > 0 && attempt < MergeAttempts; attempt++)
        {
            Interlocked.Add(ref _merged, conflicts.Count);
            state.Rebase(conflicts, await store.LoadPartiesAsync(conflicts, cancellationToken), detector.Merge);
            conflicts = await store.SaveAsync(state, detector.Rules.RequestRetention, detector.Rules.PartyRetention, cancellationToken);
        }
        if (conflicts.Count == 0)
            return;
        Interlocked.Add(ref _lost, conflicts.Count);
        log.PatternPartiesLost(conflicts.Count, MergeAttempts);
    }

    public void Dispose() => _gate.Dispose();
}
