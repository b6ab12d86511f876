using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// Builds the signed transparency report for auditors: reads every chain up to its sealed head, checking each entry
/// as VerifyAudit does (links, seals, the checkpoints' witnessed positions), counts, suppresses, signs. Fails closed:
/// a chain that does not verify yields no report.
/// </summary>
public sealed class TransparencyReports(IAuditChainStore chains, AuditSeal seal, SealedChains memory, ReportSigner signer, int minimumCell)
{
    private const int Page = 1000;

    public string PublicKeyPem => signer.PublicKeyPem;

    public async Task<SignedReport> BuildAsync(Officer caller, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        if (!caller.Has(Role.Auditor) && !caller.Has(Role.Admin))
            throw DomainException.Denied("Only oversight staff (auditor or admin) may build the transparency report.");
        var tally = new TransparencyTally(ReportPeriod.Of(from, to));
        // As VerifyAudit: the checkpoints a page at a time first, then each chain, with the positions they signed.
        var checkpoints = new CheckpointWalker(seal);
        for (long number = 1; ; number += Page)
        {
            var page = await chains.CheckpointsAsync(number, Page, cancellationToken);
            if (!page.All(checkpoints.Accept))
                throw Broken(checkpoints.Failure!);
            if (page.Count < Page)
                break;
        }
        var heads = new List<ChainPosition>();
        foreach (var chain in memory.Chains.Union(checkpoints.Chains, StringComparer.Ordinal).Order(StringComparer.Ordinal))
            heads.Add(await CountAsync(chain, checkpoints.Count, checkpoints.Last?.HeadOf(chain), tally, cancellationToken));
        return signer.Sign(tally.Build(heads, minimumCell));
    }

    /// <summary>Feeds one chain, up to the head read first, to the tally; where it stood.</summary>
    private async Task<ChainPosition> CountAsync(string chain, long checkpoints, ChainPosition? furthest, TransparencyTally tally,
        CancellationToken cancellationToken)
    {
        var head = await chains.HeadAsync(chain, cancellationToken);
        var walker = new ChainWalker(seal, chain, furthest is null ? [] : [furthest], head);
        var witnessed = new SignedPositions(chains, chain, checkpoints, Page);
        for (long from = 1; from <= walker.HeadSeq && !walker.Failed; from += Page)
        {
            var entries = await chains.ReadAsync(chain, from, (int)Math.Min(Page, walker.HeadSeq - from + 1), cancellationToken);
            if (!await witnessed.GiveThroughAsync(walker, from + entries.Count - 1, cancellationToken))
                break;
            foreach (var text in entries)
            {
                if (!walker.Accept(text))
                    break;
                tally.Add(AuditChain.Parse(text)!);
            }
        }
        var result = walker.Finish();
        if (!result.Intact)
            throw Broken(result);
        return new ChainPosition(chain, walker.HeadSeq, ChainHead.Parse(head)?.Hash ?? AuditChain.Genesis);
    }

    private static DomainException Broken(ChainVerification result) => DomainException.Precondition(
        $"The audit chain {result.Chain} does not verify at {result.FirstBadSeq} ({result.Reason}); no report is built from it. Run VerifyAudit.");
}
