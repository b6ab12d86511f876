using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// The shipped rules: generous for honest casework, tight where a leak does most harm (call records),
/// and slow enough for decisions that an approver must have read what they approve. Rates (a burst)
/// smooth the pace; daily quotas (burst 0) are exact: never more than the limit in any 24 hours.
/// </summary>
public static class LimitDefaults
{
    public static IReadOnlyList<LimitRule> Rules { get; } =
    [
        new("submit-per-officer", LimitScope.Officer, 30, TimeSpan.FromHours(1), 10),
        new("submit-per-unit", LimitScope.Unit, 500, TimeSpan.FromDays(1), 0),
        new("call-records-per-officer", LimitScope.Officer, 10, TimeSpan.FromDays(1), 0, Category.CallRecords),
        new("sim-registrations-per-officer", LimitScope.Officer, 50, TimeSpan.FromDays(1), 0, Category.SimRegistrations),
        new("criminal-record-per-officer", LimitScope.Officer, 50, TimeSpan.FromDays(1), 0, Category.CriminalRecord),
        new("nid-details-per-officer", LimitScope.Officer, 100, TimeSpan.FromDays(1), 0, Category.NidDetails),
        new("decide-per-approver", LimitScope.Approver, 60, TimeSpan.FromHours(1), 20),
        new("released-subjects-per-unit", LimitScope.ReleasedSubjects, 200, TimeSpan.FromDays(1), 0),
    ];
}
