using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// Folds the units' audit streams and the oversight stream, in stream order, into the hash chain.
/// Any broker may run it; a lease lets one fold at a time, and each fold is a compare-and-set on the
/// chain's length, so a holder that lost the lease mid-fold writes nothing.
/// </summary>
public sealed partial class AuditSequencer(
    IAuditChainStore chain,
    IAuditSource source,
    AuditSeal seal,
    OrganisationChart organisation,
    IOptions<AuditOptions> options,
    TimeProvider time,
    ILogger<AuditSequencer> logger,
    IEnumerable<IChainedEventsObserver> observers) : BackgroundService
{
    private const int BatchPerSource = 256;
    private readonly string _holder = Environment.MachineName + ":" + Guid.NewGuid().ToString("N");
    private IReadOnlyDictionary<string, string>? _chained;
    private DateTimeOffset _lastTrim = DateTimeOffset.MinValue;
    private readonly string[] _sources = [.. organisation.Headquarters.SelectMany(organisation.UnitsUnder).Select(AuditSources.OfUnit), AuditSources.Oversight];

    /// <summary>The highest head this sequencer sealed: verification compares against it, so a cut tail shows even with a rolled-back head.</summary>
    public long HighestSealedSeq { get; private set; }

    /// <summary>Folds until every source is drained; the number of entries appended. Zero when another broker holds the lease.</summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (await chain.TryHoldLeaseAsync(_holder, options.Value.LeaseTtl, cancellationToken))
        {
            var appended = await FoldOnceAsync(cancellationToken);
            if (appended < 0)
                return total;
            total += appended;
            if (appended == 0)
            {
                await TrimChainedAsync(cancellationToken);
                return total;
            }
        }
        return total;
    }

    /// <summary>
    /// The streams' copies of what the chain now holds go once older than the retention: without this every
    /// event would stay in Redis twice, forever. Only through the cursors the chain itself recorded, and only
    /// every tenth of the retention (an idle broker must not send a trim per source every sequencer tick); with
    /// no retention, after every catch-up (a setting for tests and tight memory, not for idle efficiency).
    /// </summary>
    private async Task TrimChainedAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.SourceRetention;
        var now = time.GetUtcNow();
        var due = retention == TimeSpan.Zero || now - _lastTrim >= retention / 10;
        if (!due || _chained is not { } cursors)
            return;
        _lastTrim = now;
        await Task.WhenAll(cursors.Select(c => source.TrimChainedAsync(c.Key, c.Value, now - retention, cancellationToken)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await CatchUpAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The events stay in their streams: the next fold picks them up.
                LogFoldFailed(logger, e.GetType().Name, e.Message);
            }
            try
            {
                await Task.Delay(options.Value.SequencerInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>One fold: entries appended, 0 when there was nothing to do, -1 when the chain moved under us.</summary>
    private async Task<int> FoldOnceAsync(CancellationToken cancellationToken)
    {
        var state = await chain.StateAsync(cancellationToken);
        var cursors = new Dictionary<string, string>(state.Cursors, StringComparer.Ordinal);
        var events = new List<SourcedAuditEvent>();
        foreach (var name in _sources)
        {
            var read = await source.ReadAfterAsync(name, cursors.GetValueOrDefault(name), BatchPerSource, cancellationToken);
            if (read.Count == 0)
                continue;
            events.AddRange(read);
            cursors[name] = read[^1].SourceId;
        }
        var append = AuditFold.Extend(state.Head, state.LastCheckpoint, events, cursors, seal, time.GetUtcNow(),
            options.Value.CheckpointEvery, options.Value.CheckpointInterval);
        if (append is null)
        {
            _chained = state.Cursors;
            return 0;
        }
        if (!await chain.TryAppendAsync(append, _holder, cancellationToken))
            return -1;
        _chained = cursors;
        HighestSealedSeq = Math.Max(HighestSealedSeq, append.Head.Seq);
        // Chained, in order, once across replicas (only the lease holder gets here): the pattern rules' input.
        var chainedEvents = append.Entries.Select(e => e.Event).ToArray();
        foreach (var observer in observers)
            await observer.OnChainedAsync(chainedEvents, cancellationToken);
        return append.Entries.Count;
    }

    [LoggerMessage(EventId = 40, EventName = "AuditFoldFailed", Level = LogLevel.Warning, Message = "Audit fold failed ({Error}): {Message}")]
    private static partial void LogFoldFailed(ILogger logger, string error, string message);
}
