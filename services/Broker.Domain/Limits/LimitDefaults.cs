using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// The shipped rules: generous for honest casework, tight where a leak does most harm (call records),
/// and slow enough for decisions that an approver must have read what they approve. Rates (a burst)
/// smooth the pace; daily quotas (burst 0) are strict: never more than the limit in any 24 hours (a call's room comes
/// back when the hour it was made in has left the day: <see cref="QuotaWindow"/>).
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
        // Budgets that hold over weeks: a patient insider who stays under every daily rule still meets these.
        new("released-subjects-per-officer-week", LimitScope.OfficerReleasedSubjects, 60, TimeSpan.FromDays(7), 0),
        new("released-subjects-per-unit-week", LimitScope.ReleasedSubjects, 700, TimeSpan.FromDays(7), 0),
        // One 90-day call-records release exposes about 2,000 numbers: about one such release per officer a week.
        new("third-parties-per-officer-week", LimitScope.OfficerReleasedThirdParties, 2500, TimeSpan.FromDays(7), 0),
        new("third-parties-per-unit-week", LimitScope.ReleasedThirdParties, 15000, TimeSpan.FromDays(7), 0),
    ];
}
