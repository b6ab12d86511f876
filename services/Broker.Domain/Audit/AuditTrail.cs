using System.Globalization;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// Reads the chains for auditors: verify both levels (every chain, then the checkpoints over their heads), page
/// through all chains merged newest first by time, find a subject's entries in every chain. Verification reads
/// checkpoints and entries a page at a time and keeps no more than a page of either, however long the log grows.
/// </summary>
public sealed class AuditTrail(IAuditChainStore chains, AuditSeal seal, SealedChains memory)
{
    private const int Page = 1000;
    private const int Batch = 200;
    // A query's first read of each chain: the merge needs every chain's newest entries, but a page is mostly filled from
    // a few chains, so a chain is read a little at first and more (doubling up to Batch) only as the page keeps taking
    // from it. Reading Batch from every chain up front made one query read (chains x 200) entries, whatever its page.
    private const int FirstBatch = 16;

    /// <summary>How many checkpoints, and how many entries of a chain, one read of a verification takes.</summary>
    public int VerifyPage { get; init; } = Page;

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        // Checkpoints first: chains only grow, so every position a checkpoint read now names lies within the chains read after.
        var checkpoints = new CheckpointWalker(seal);
        for (long from = 1; ; from += VerifyPage)
        {
            var page = await chains.CheckpointsAsync(from, VerifyPage, cancellationToken);
            if (!page.All(checkpoints.Accept))
                return checkpoints.Failure!;
            if (page.Count < VerifyPage)
                break;
        }
        if (checkpoints.Count < memory.HighestCheckpoint)
            return new ChainVerification(false, 0, checkpoints.Count, checkpoints.Count + 1, string.Create(CultureInfo.InvariantCulture,
                $"the checkpoints end at checkpoint {checkpoints.Count} but this broker signed checkpoint {memory.HighestCheckpoint} (cut or rolled back)"),
                ChainVerification.CheckpointsChain);
        long entries = 0;
        foreach (var chain in memory.Chains.Union(checkpoints.Chains, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var result = await VerifyChainAsync(chain, checkpoints.Count, checkpoints.Last?.HeadOf(chain), cancellationToken);
            entries += result.EntriesChecked;
            if (!result.Intact)
                return result with { EntriesChecked = entries, CheckpointsChecked = checkpoints.Count };
        }
        return ChainVerification.Good(entries, checkpoints.Count);
    }

    /// <param name="checkpoints">How many checkpoints were verified: the positions of this chain they name are read again as the walk goes.</param>
    /// <param name="furthest">This chain's position in the last of them, the furthest any signed.</param>
    private async Task<ChainVerification> VerifyChainAsync(string chain, long checkpoints, ChainPosition? furthest, CancellationToken cancellationToken)
    {
        // The sequencer may append while we read: retry until head and entries are one snapshot.
        for (var attempt = 0; ; attempt++)
        {
            var head = await chains.HeadAsync(chain, cancellationToken);
            var walker = new ChainWalker(seal, chain, furthest is null ? [] : [furthest], head);
            var witnessed = new SignedPositions(chains, chain, checkpoints, VerifyPage);
            for (long from = 1; !walker.Failed; from += VerifyPage)
            {
                var entries = await chains.ReadAsync(chain, from, VerifyPage, cancellationToken);
                if (!await witnessed.GiveThroughAsync(walker, from + entries.Count - 1, cancellationToken))
                    break;
                foreach (var entry in entries)
                {
                    if (!walker.Accept(entry))
                        break;
                }
                if (entries.Count < VerifyPage)
                    break;
            }
            var result = walker.Finish();
            if (attempt < 3 && head != await chains.HeadAsync(chain, cancellationToken))
                continue;
            var sealedHere = memory.HighestSealedSeq(chain);
            if (result.Intact && result.EntriesChecked < sealedHere)
                return result with
                {
                    Intact = false,
                    FirstBadSeq = result.EntriesChecked + 1,
                    Reason = string.Create(CultureInfo.InvariantCulture,
                        $"the chain ends at entry {result.EntriesChecked} but this broker sealed entry {sealedHere} (truncated and its head rolled back)"),
                };
            return result;
        }
    }

    /// <summary>
    /// Newest first by event time across every chain, from <paramref name="before"/> (null: every chain's head),
    /// keeping what <paramref name="filter"/> accepts. <c>Start</c> is where the read began, so a page cut short
    /// can continue after any entry it holds (<see cref="AuditCursor.Past"/>).
    /// </summary>
    public async Task<(IReadOnlyList<ChainEntry> Entries, AuditCursor? Start, AuditCursor? Next)> QueryAsync(AuditCursor? before, int pageSize,
        Func<ChainEntry, bool> filter, CancellationToken cancellationToken)
    {
        var start = before ?? AuditCursor.Of(await Task.WhenAll(memory.Chains.Select(async chain =>
            KeyValuePair.Create(chain, (ChainHead.Parse(await chains.HeadAsync(chain, cancellationToken))?.Seq ?? 0) + 1))));
        if (start is null)
            return ([], null, null);
        var tops = new Dictionary<string, long>(start.Tops, StringComparer.Ordinal);
        var buffered = new Dictionary<string, Stack<ChainEntry>>(StringComparer.Ordinal);
        var batches = new Dictionary<string, int>(StringComparer.Ordinal);
        var found = new List<ChainEntry>(pageSize);
        // Scan a bounded stretch per call, so a rare filter cannot make one call read every chain whole.
        for (var scanned = 0; scanned < 20 * Page && found.Count < pageSize; scanned++)
        {
            var empty = tops.Where(t => t.Value > 1 && buffered.GetValueOrDefault(t.Key) is not { Count: > 0 })
                .Select(t => (Chain: t.Key, Top: t.Value, Count: batches.GetValueOrDefault(t.Key, FirstBatch)))
                .ToArray();
            foreach (var (chain, _, count) in empty)
                batches[chain] = Math.Min(Batch, 2 * count);
            var refills = await Task.WhenAll(empty.Select(async t =>
                (t.Chain, Entries: await ReadBelowAsync(t.Chain, t.Top, t.Count, cancellationToken))));
            foreach (var (chain, entries) in refills)
            {
                buffered[chain] = entries;
                if (entries.Count == 0)
                    tops[chain] = 1; // shorter than its head says: VerifyAudit reports that; here it has nothing more to give
            }
            var newest = buffered.Where(b => b.Value.Count > 0)
                .Select(b => b.Value.Peek())
                .OrderByDescending(e => e.Event.At).ThenBy(e => e.Source, StringComparer.Ordinal)
                .FirstOrDefault();
            if (newest is null)
                break;
            buffered[newest.Source].Pop();
            tops[newest.Source] = newest.Seq;
            if (filter(newest))
                found.Add(newest);
        }
        return (found, start, AuditCursor.Of(tops));
    }

    /// <summary>Up to <paramref name="count"/> entries of <paramref name="chain"/> below <paramref name="top"/>, the newest on top.</summary>
    private async Task<Stack<ChainEntry>> ReadBelowAsync(string chain, long top, int count, CancellationToken cancellationToken)
    {
        var from = Math.Max(1, top - count);
        var texts = await chains.ReadAsync(chain, from, (int)(top - from), cancellationToken);
        var entries = new Stack<ChainEntry>(texts.Count);
        for (var i = 0; i < texts.Count; i++)
            entries.Push(AuditChain.Parse(texts[i]) ?? throw new DomainException(DomainErrorKind.FailedPrecondition,
                $"Audit entry {from + i} of chain {chain} is unreadable; run VerifyAudit."));
        return entries;
    }

    /// <summary>Every chain's entries about the subject, oldest first by event time (at most 1000).</summary>
    public async Task<IReadOnlyList<ChainEntry>> OfSubjectAsync(string subjectHmac, CancellationToken cancellationToken)
    {
        var perChain = await Task.WhenAll(memory.Chains.Select(async chain =>
        {
            var positions = await chains.PositionsOfSubjectAsync(chain, subjectHmac, cancellationToken);
            var entries = new List<ChainEntry>(positions.Count);
            foreach (var position in positions.Take(1000))
            {
                var text = (await chains.ReadAsync(chain, position, 1, cancellationToken)).SingleOrDefault();
                // The index may name a few positions too many (a store may key it by a prefix of the pseudonym): the entry decides.
                if (text is not null && AuditChain.Parse(text) is { } entry
                    && entry.Event.Details.GetValueOrDefault(ChainDetails.SubjectHmac) == subjectHmac)
                    entries.Add(entry);
            }
            return entries;
        }));
        return [.. perChain.SelectMany(e => e).OrderBy(e => e.Event.At).ThenBy(e => e.Source, StringComparer.Ordinal).ThenBy(e => e.Seq).Take(1000)];
    }
}
