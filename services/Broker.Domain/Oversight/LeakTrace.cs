namespace DataBroker.Broker.Domain.Oversight;

public sealed record LeakTrace(IReadOnlyList<TracedRelease> Releases, IReadOnlyList<LeakSuspect> Suspects, int WatermarksFound);
