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
    private readonly ConcurrentDictionary<string, bool> _held = new(StringComparer.Ordinal);
    // Per held chain: when its lease was last renewed, and the head and cursor this broker last read or wrote.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _renewed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ChainState> _known = new(StringComparer.Ordinal);

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
            Forget(excess);
        }
        var mine = held.Take(share).ToList();
        foreach (var chain in Chains.Except(mine, StringComparer.Ordinal))
        {
            if (mine.Count >= share)
                break;
            if (!await RenewLeaseAsync(chain, cancellationToken))
                continue;
            mine.Add(chain);
        }
        return mine;
    }

    private async Task<int> CatchUpAsync(string chain, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            if (!await RenewLeaseAsync(chain, cancellationToken))
                return total;
            var (appended, more) = await FoldOnceAsync(chain, cancellationToken);
            total += Math.Max(0, appended);
            if (!more)
                return total;
        }
    }

    /// <summary>
    /// Renews the chain's lease, but only once a third of its time to live has passed since the last renewal: until
    /// then no other broker can hold it, and every append checks it anyway. A lease that may have lapsed since the
    /// last renewal forgets the chain's state known here, since another broker may have folded meanwhile.
    /// </summary>
    private async Task<bool> RenewLeaseAsync(string chain, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var renewed = _renewed.TryGetValue(chain, out var at);
        if (renewed && now - at < pace.LeaseTtl / 3)
            return true;
        if (!await chains.TryHoldLeaseAsync(chain, _holder, pace.LeaseTtl, cancellationToken))
        {
            Forget(chain);
            return false;
        }
        if (!renewed || now - at >= pace.LeaseTtl)
            _known.TryRemove(chain, out _);
        _held[chain] = true;
        _renewed[chain] = now;
        return true;
    }

    private void Forget(string chain)
    {
        _held.TryRemove(chain, out _);
        _renewed.TryRemove(chain, out _);
        _known.TryRemove(chain, out _);
    }

    /// <summary>
    /// One fold of one chain: entries appended (-1 when the chain moved under us or the lease was lost), and whether
    /// the source may hold more (a full batch was read). The chain's head and cursor are read from the store only
    /// when this broker has not just written them itself: while it holds the lease, no one else moves them, and an
    /// append onto a state that did move is refused by the store (a compare-and-set on the length).
    /// </summary>
    private async Task<(int Appended, bool More)> FoldOnceAsync(string chain, CancellationToken cancellationToken)
    {
        var state = _known.TryGetValue(chain, out var known) ? known : await chains.StateAsync(chain, cancellationToken);
        var events = await source.ReadAfterAsync(chain, state.Cursor, BatchPerFold, cancellationToken);
        var append = AuditFold.Extend(chain, state.Head, events, seal);
        if (append is null)
        {
            _known[chain] = state;
            return (0, false);
        }
        if (!await chains.TryAppendAsync(append, _holder, time.GetUtcNow() - pace.SourceRetention, cancellationToken))
        {
            // Renew for real next time: a lease that lapsed unseen (a paused process) is taken again or left to its new holder.
            _renewed.TryRemove(chain, out _);
            _known.TryRemove(chain, out _);
            return (-1, false);
        }
        _known[chain] = new ChainState(append.Head, append.Cursor);
        memory.Sealed(chain, append.Head.Seq);
        // Here, and only here, events are newly chained: in chain order, once across replicas (only the chain's lease
        // holder gets here). The pattern rules' input.
        var chainedEvents = append.Entries.Select(e => e.Event).ToArray();
        foreach (var observer in observers)
            await observer.OnChainedAsync(chainedEvents, cancellationToken);
        return (append.Entries.Count, events.Count >= BatchPerFold);
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
