using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Oversight;

/// <summary>Reads the chain for auditors: verify it end to end, page through it, find a subject's entries.</summary>
public sealed class AuditTrail(IAuditChainStore chain, AuditSeal seal, AuditSequencer sequencer)
{
    private const int Page = 1000;

    public async Task<ChainVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        // The sequencer may append while we read: retry until head and entries are one snapshot.
        for (var attempt = 0; ; attempt++)
        {
            var head = await chain.HeadAsync(cancellationToken);
            var walker = new ChainWalker(seal, await chain.CheckpointsAsync(cancellationToken), head);
            for (long from = 1; !walker.Failed; from += Page)
            {
                var entries = await chain.ReadAsync(from, Page, cancellationToken);
                foreach (var entry in entries)
                {
                    if (!walker.Accept(entry))
                        break;
                }
                if (entries.Count < Page)
                    break;
            }
            var result = walker.Finish();
            if (attempt < 3 && head != await chain.HeadAsync(cancellationToken))
                continue;
            if (result.Intact && result.EntriesChecked < sequencer.HighestSealedSeq)
                return result with
                {
                    Intact = false,
                    FirstBadSeq = result.EntriesChecked + 1,
                    Reason = $"the chain ends at entry {result.EntriesChecked} but this broker sealed entry {sequencer.HighestSealedSeq} (truncated and its head rolled back)",
                };
            return result;
        }
    }

    /// <summary>Newest first from <paramref name="before"/> (exclusive; null: the head), keeping what <paramref name="filter"/> accepts.</summary>
    public async Task<(IReadOnlyList<ChainEntry> Entries, long? Next)> QueryAsync(long? before, int pageSize, Func<ChainEntry, bool> filter,
        CancellationToken cancellationToken)
    {
        var top = before ?? (ChainHead.Parse(await chain.HeadAsync(cancellationToken))?.Seq ?? 0) + 1;
        var found = new List<ChainEntry>(pageSize);
        // Scan a bounded stretch per call, so a rare filter cannot make one call read the whole chain.
        var floor = Math.Max(1, top - 20 * Page);
        var position = top - 1;
        while (position >= floor && found.Count < pageSize)
        {
            var from = Math.Max(floor, position - 199);
            var texts = await chain.ReadAsync(from, (int)(position - from + 1), cancellationToken);
            if (texts.Count == 0)
                break;
            for (var i = texts.Count - 1; i >= 0 && found.Count < pageSize; i--)
            {
                position = from + i - 1;
                var entry = AuditChain.Parse(texts[i]) ?? throw new DomainException(DomainErrorKind.FailedPrecondition,
                    $"Audit entry {from + i} is unreadable; run VerifyAudit.");
                if (filter(entry))
                    found.Add(entry);
            }
        }
        return (found, position >= 1 ? position + 1 : null);
    }

    public async Task<IReadOnlyList<ChainEntry>> OfSubjectAsync(string subjectHmac, CancellationToken cancellationToken)
    {
        var positions = await chain.PositionsOfSubjectAsync(subjectHmac, cancellationToken);
        var entries = new List<ChainEntry>(positions.Count);
        foreach (var position in positions.Take(1000))
        {
            var text = (await chain.ReadAsync(position, 1, cancellationToken)).SingleOrDefault();
            if (text is not null && AuditChain.Parse(text) is { } entry)
                entries.Add(entry);
        }
        return entries;
    }
}
