using System.Collections.Concurrent;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Folds each unit's audit stream, and the oversight stream, in stream order into a hash chain of its own, then
/// now and then signs a checkpoint over every chain's head. Any broker may run it; a lease per chain lets one
/// broker fold a chain at a time (different chains may fold on different brokers), and each fold is a
/// compare-and-set on the chain's length, so a holder that lost the lease mid-fold writes nothing. Each broker
/// announces itself as live and holds at most its fair share of the chains' leases (chains over live brokers,
/// rounded up), letting the excess go when another joins, so the folding spreads over the brokers. The host runs
/// <see cref="CatchUpAsync(CancellationToken)"/> on a timer.
/// </summary>
public sealed class AuditSequencer(
    IAuditChainStore chains,
    IAuditSource source,
    AuditSeal seal,
    SealedChains memory,
    AuditPace pace,
    TimeProvider time,
    IOversightLog log,
    IEnumerable<IChainedEventsObserver> observers)
{
    private const int BatchPerFold = 256;
    private readonly string _holder = Environment.MachineName + ":" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastTrim = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);

    /// <summary>Every chain this broker folds: one per unit of the organisation, and the oversight chain.</summary>
    public IReadOnlyList<string> Chains => memory.Chains;

    /// <summary>The chains whose lease this broker held at its last catch-up.</summary>
    public IReadOnlyCollection<string> Held => [.. _held.Keys.Order(StringComparer.Ordinal)];

    /// <summary>
    /// Folds every chain until its source is drained, then signs a checkpoint when one is due; the number of
    /// entries appended. Chains whose lease another broker holds are that broker's to fold.
    /// </summary>
    public async Task<int> CatchUpAsync(CancellationToken cancellationToken)
    {
        var appended = await Task.WhenAll((await ClaimFairShareAsync(cancellationToken)).Select(chain => CatchUpAsync(chain, cancellationToken)));
        await CheckpointIfDueAsync(cancellationToken);
        return appended.Sum();
    }

    /// <summary>
    /// The chains this broker folds now: those it holds, up to its share of <see cref="Chains"/> over the live
    /// brokers (rounded up), topped up from chains nobody holds. Over its share (another broker joined), it lets
    /// the excess go at once rather than when the leases lapse.
    /// </summary>
    private async Task<IReadOnlyList<string>> ClaimFairShareAsync(CancellationToken cancellationToken)
    {
        var live = Math.Max(1, await chains.AnnounceAsync(_holder, pace.LeaseTtl, cancellationToken));
        var share = (Chains.Count + live - 1) / live;
        var held = Held.Where(Chains.Contains).ToList();
        foreach (var excess in held.Skip(share))
        {
            await chains.ReleaseLeaseAsync(excess, _holder, cancellationToken);
            _held.TryRemove(excess, out _);
        }
        var mine = held.Take(share).ToList();
        foreach (var chain in Chains.Except(mine, StringComparer.Ordinal))
        {
            if (mine.Count >= share)
                break;
            if (!await chains.TryHoldLeaseAsync(chain, _holder, pace.LeaseTtl, cancellationToken))
                continue;
            _held[chain] = true;
            mine.Add(chain);
        }
        return mine;
    }

    private async Task<int> CatchUpAsync(string chain, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            if (!await chains.TryHoldLeaseAsync(chain, _holder, pace.LeaseTtl, cancellationToken))
            {
                _held.TryRemove(chain, out _);
                return total;
            }
            var (appended, cursor) = await FoldOnceAsync(chain, cancellationToken);
            if (appended < 0)
                return total;
            total += appended;
            if (appended == 0)
            {
                await TrimChainedAsync(chain, cursor, cancellationToken);
                return total;
            }
        }
    }

    /// <summary>One fold of one chain: entries appended and the source cursor; 0 when there was nothing to do, -1 when the chain moved under us.</summary>
    private async Task<(int Appended, string? Cursor)> FoldOnceAsync(string chain, CancellationToken cancellationToken)
    {
        var state = await chains.StateAsync(chain, cancellationToken);
        var events = await source.ReadAfterAsync(chain, state.Cursor, BatchPerFold, cancellationToken);
        var append = AuditFold.Extend(chain, state.Head, events, seal);
        if (append is null)
            return (0, state.Cursor);
        if (!await chains.TryAppendAsync(append, _holder, cancellationToken))
            return (-1, null);
        memory.Sealed(chain, append.Head.Seq);
        // Here, and only here, events are newly chained: in chain order, once across replicas (only the chain's lease
        // holder gets here). The pattern rules' input.
        var chainedEvents = append.Entries.Select(e => e.Event).ToArray();
        foreach (var observer in observers)
            await observer.OnChainedAsync(chainedEvents, cancellationToken);
        return (append.Entries.Count, append.Cursor);
    }

    /// <summary>
    /// The stream's copies of what the chain now holds go once older than the retention: without this every
    /// event would stay in Redis twice, forever. Only through the cursor the chain itself recorded, and only
    /// every tenth of the retention (an idle broker must not send a trim per source every sequencer tick); with
    /// no retention, after every catch-up (a setting for tests and tight memory, not for idle efficiency).
    /// </summary>
    private async Task TrimChainedAsync(string chain, string? cursor, CancellationToken cancellationToken)
    {
        var retention = pace.SourceRetention;
        var now = time.GetUtcNow();
        var due = retention == TimeSpan.Zero || now - _lastTrim.GetValueOrDefault(chain, DateTimeOffset.MinValue) >= retention / 10;
        if (!due || cursor is null)
            return;
        _lastTrim[chain] = now;
        await source.TrimChainedAsync(chain, cursor, now - retention, cancellationToken);
    }

    /// <summary>
    /// Signs checkpoint n+1 over every chain's head once <see cref="AuditPace.CheckpointInterval"/> has passed
    /// since checkpoint n and some chain has moved: one checkpoint per interval, whatever the event rate. A head
    /// whose seal does not hold is not signed over: the checkpoint waits, and the failure is logged.
    /// </summary>
    private async Task CheckpointIfDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (!await chains.TryHoldCheckpointLeaseAsync(_holder, pace.LeaseTtl, cancellationToken))
            return;
        var last = Checkpoint.Parse(await chains.LastCheckpointAsync(cancellationToken));
        if (last is not null && now - last.At < pace.CheckpointInterval)
            return;
        // A chain an earlier checkpoint named stays in every later one, even after its unit left the organisation.
        var names = Chains.Concat(last?.Heads.Select(h => h.Chain) ?? []).Distinct(StringComparer.Ordinal).ToArray();
        var texts = await Task.WhenAll(names.Select(chain => chains.HeadAsync(chain, cancellationToken)));
        var heads = new List<ChainPosition>(names.Length);
        for (var i = 0; i < names.Length; i++)
        {
            if (texts[i] is null)
            {
                heads.Add(new ChainPosition(names[i], 0, AuditChain.Genesis));
                continue;
            }
            if (ChainHead.Parse(texts[i]) is not { } head || !seal.IsGenuine(names[i], head))
            {
                log.HeadNotGenuine(names[i]);
                return;
            }
            heads.Add(new ChainPosition(names[i], head.Seq, head.Hash));
        }
        if (last is null ? heads.All(h => h.Seq == 0) : heads.All(h => last.HeadOf(h.Chain) == h))
            return;
        var checkpoint = seal.Checkpoint((last?.Number ?? 0) + 1, now, last?.Root ?? AuditChain.Genesis, heads);
        if (await chains.TryAddCheckpointAsync(checkpoint, _holder, cancellationToken))
            memory.Witnessed(checkpoint.Number);
    }
}
