namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// The answer to a leak. When <see cref="Tie"/> is set the evidence cannot tell the leading suspects apart:
/// none of them is named first (they are listed by id, with equal confidence) and <see cref="Reason"/> says
/// why. Otherwise the first suspect is the one the evidence names, and <see cref="Reason"/> says on what.
/// </summary>
public sealed record LeakTrace(IReadOnlyList<TracedRelease> Releases, IReadOnlyList<LeakSuspect> Suspects, int WatermarksFound,
    bool Tie = false, string Reason = "");
