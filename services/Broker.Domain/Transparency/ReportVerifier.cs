using System.Globalization;
using System.Security.Cryptography;
using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// Checks a published report as anyone holding the public key and the chains can: the signature; every chain the report
/// names re-linked from genesis (each hash recomputed from its entry, so no entry was edited, dropped, inserted or moved)
/// up to the exact head the report names; no chain left out; then the report recomputed from those entries alone and
/// compared byte for byte.
/// </summary>
public static class ReportVerifier
{
    /// <param name="chains">Each chain's entries (any order, any extra entries past the report's heads).</param>
    public static ReportCheck Check(SignedReport published, ECDsa publicKey, IReadOnlyDictionary<string, IReadOnlyList<ChainEntry>> chains)
    {
        if (!published.IsSignedBy(publicKey))
            return new ReportCheck(false, false, false, "the signature does not hold for this key: the report was altered or signed by another key");
        TransparencyReport report;
        try
        {
            report = published.Report;
            _ = ReportPeriod.Of(report.From, report.To);
        }
        catch (Exception e) when (e is FormatException or DomainException)
        {
            return new ReportCheck(true, false, false, e.Message);
        }
        var named = report.Heads.Select(h => h.Chain).ToHashSet(StringComparer.Ordinal);
        var omitted = chains.Where(c => c.Value.Count > 0 && !named.Contains(c.Key)).Select(c => c.Key).Order(StringComparer.Ordinal).FirstOrDefault();
        if (omitted is not null)
            return new ReportCheck(true, false, false, $"the report leaves out chain {omitted}");
        var tally = new TransparencyTally(ReportPeriod.Of(report.From, report.To));
        foreach (var head in report.Heads)
        {
            var problem = Link(head, chains.GetValueOrDefault(head.Chain) ?? [], tally);
            if (problem is not null)
                return new ReportCheck(true, false, false, problem);
        }
        var recomputed = tally.Build(report.Heads, report.K).Canonical();
        return recomputed == published.ReportText
            ? new ReportCheck(true, true, true, "")
            : new ReportCheck(true, true, false, "the report recomputed from these chains differs from the published one");
    }

    private static string? Link(ChainPosition head, IReadOnlyList<ChainEntry> entries, TransparencyTally tally)
    {
        var bySeq = entries.Where(e => e.Seq <= head.Seq).OrderBy(e => e.Seq).ToArray();
        var hash = AuditChain.Genesis;
        for (var i = 0; i < bySeq.Length; i++)
        {
            var entry = bySeq[i];
            if (entry.Seq != i + 1)
                return string.Create(CultureInfo.InvariantCulture, $"chain {head.Chain} lacks entry {i + 1}");
            var relinked = AuditChain.Link(hash, entry.Seq, new SourcedAuditEvent(entry.Source, entry.SourceId, entry.Event));
            if (relinked.Hash != entry.Hash || entry.Source != head.Chain)
                return string.Create(CultureInfo.InvariantCulture, $"entry {entry.Seq} of chain {head.Chain} does not match its hash (altered)");
            hash = relinked.Hash;
        }
        if (bySeq.Length != head.Seq)
            return string.Create(CultureInfo.InvariantCulture, $"chain {head.Chain} holds {bySeq.Length} entries, the report names {head.Seq}");
        if (hash != head.Hash)
            return string.Create(CultureInfo.InvariantCulture, $"chain {head.Chain} does not end at the head the report names");
        foreach (var entry in bySeq)
            tally.Add(entry);
        return null;
    }
}
