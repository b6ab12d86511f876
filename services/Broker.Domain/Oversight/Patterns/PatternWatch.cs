using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// Runs the long-horizon pattern rules on each chained batch: loads the traces and histories the batch touches
/// (two pipelined reads: the traces tell whose parties to read), folds the events, raises the alerts (a severe one
/// suspends through <see cref="AlertDesk"/>), and writes the changed state back. A batch that fails is kept and
/// retried with the next one, so a store blip delays detection rather than losing it; alerts are raised before
/// the state is saved, so a failure in between repeats an alert rather than dropping it.
/// </summary>
public sealed class PatternWatch(PatternDetector detector, IPatternStateStore store, AlertDesk desk, IOversightLog log)
    : IChainedEventsObserver, IDisposable
{
    /// <summary>Events kept for a retry while the store is down: about a day of the agency's traffic.</summary>
    private const int PendingLimit = 50_000;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly List<AuditEvent> _pending = [];

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
            var state = new PatternState(await store.LoadRequestsAsync(PatternDetector.RequestsOf(_pending), cancellationToken),
                new Dictionary<string, PartyHistory>());
            state.Merge(await store.LoadPartiesAsync(detector.PartiesOf(_pending, state), cancellationToken));
            var alerts = detector.Observe(_pending, state);
            await desk.RaiseAsync(alerts, cancellationToken);
            await store.SaveAsync(state, detector.Rules.RequestRetention, detector.Rules.PartyRetention, cancellationToken);
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

    public void Dispose() => _gate.Dispose();
}
