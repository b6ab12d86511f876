namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// An officer whose releases a leak matched. Confidence is the probability that the leak came from their
/// copies rather than another candidate's (see <see cref="LeakRanking"/>); the counts say why: the leaked
/// citizens they received, watermarks of theirs, and per-release traits that tell their copies from the
/// other recipients' (matched) or that the leak shows otherwise (contradicted).
/// </summary>
public sealed record LeakSuspect(string OfficerId, string Unit, double Confidence, int Releases,
    int Citizens = 0, int Watermarks = 0, int TraitsMatched = 0, int TraitsContradicted = 0);
