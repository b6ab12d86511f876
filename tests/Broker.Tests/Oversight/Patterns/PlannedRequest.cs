namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>One request of a simulated workload: who asks for which citizen under which case, who decides when, when it is fetched.</summary>
internal sealed record PlannedRequest(
    string Officer,
    string Unit,
    string Case,
    int Citizen,
    bool CallRecords,
    int ThirdParties,
    bool Emergency,
    DateTimeOffset SubmitAt,
    IReadOnlyList<PlannedDecision> Decisions,
    DateTimeOffset? FetchAt);

/// <summary>One approver's decision; <paramref name="Rank"/> is what the approver's token carries.</summary>
internal sealed record PlannedDecision(string Approver, DateTimeOffset At, bool Approve, string Rank = "supervisor");
