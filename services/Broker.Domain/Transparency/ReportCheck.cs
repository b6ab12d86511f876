namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// What checking a published report found: whether its signature holds, whether the chains given link up to the heads
/// it names, and whether recomputing it from them gives its bytes exactly. <see cref="Problem"/> says what failed first.
/// </summary>
public sealed record ReportCheck(bool SignatureValid, bool ChainsMatchHeads, bool Recomputed, string Problem)
{
    public bool Holds => SignatureValid && ChainsMatchHeads && Recomputed;
}
