namespace DataBroker.Broker.Domain.Oversight;

/// <summary>A release a leak matched: how sure, by how many watermarks, and which of its values were found.</summary>
public sealed record TracedRelease(ReleaseRecord Release, double Score, double Confidence, int Watermarks, IReadOnlyList<string> Matched);
