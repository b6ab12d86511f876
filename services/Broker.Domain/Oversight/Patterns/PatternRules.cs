namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>
/// The long-horizon, cross-party rules' thresholds. Each relative rule compares a party with its own history and
/// its peers (median + <see cref="NormSpread"/> scaled MADs), between an absolute floor (a quiet week does not alert
/// on noise) and, where the issue sets one, an absolute ceiling (a long-running insider cannot train the norm up).
/// </summary>
public sealed record PatternRules
{
    public const string WeeklyCitizens = "weekly_citizens";
    public const string UnitWeeklyCitizens = "unit_weekly_citizens";
    public const string QuickApprovalsForRequester = "quick_approvals_for_requester";
    public const string ApproverDecidesRequester = "approver_decides_requester";
    public const string SingleUseCases = "single_use_cases";
    public const string OffHoursShare = "off_hours_share";
    public const string CallRecordsBulk = "call_records_bulk";
    public const string ThirdPartiesDay = "third_parties_day";
    public const string ThirdPartiesWeek = "third_parties_week";
    public const string EmergencyRepeated = "emergency_repeated";
    public const string UnitEmergencyRepeated = "unit_emergency_repeated";

    /// <summary>Distinct citizens an officer may obtain in 7 days before the relative norm is consulted at all.</summary>
    public int CitizensFloor { get; init; } = 15;

    /// <summary>Above this many distinct citizens in 7 days an officer is alerted on whatever the norms say.</summary>
    public int CitizensCeiling { get; init; } = 20;

    /// <summary>Above this many distinct citizens in 7 days the alert is severe: the officer is suspended.</summary>
    public int CitizensSevere { get; init; } = 40;

    /// <summary>How many scaled MADs above the median a party may be before it is unusual.</summary>
    public double NormSpread { get; init; } = 4;

    /// <summary>Peers needed before a peer norm is used (fewer say nothing about a norm).</summary>
    public int PeersMinimum { get; init; } = 3;

    /// <summary>A unit's distinct citizens in 7 days below this never alert; above it, compared with the unit's previous weeks.</summary>
    public int UnitCitizensFloor { get; init; } = 40;

    /// <summary>An approval sooner than this after submission is quick (or sooner than <see cref="QuickShareOfMedian"/> of the HQ's median, if longer).</summary>
    public TimeSpan QuickApprovalFloor { get; init; } = TimeSpan.FromMinutes(2);

    public double QuickShareOfMedian { get; init; } = 0.1;

    public TimeSpan QuickApprovalCeiling { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Quick approvals of one requester by one approver in 7 days: a warning at this many, severe (the approver suspended) at <see cref="QuickApprovalsSevere"/>.</summary>
    public int QuickApprovalsPerPair { get; init; } = 3;

    public int QuickApprovalsSevere { get; init; } = 6;

    /// <summary>One approver deciding a requester's requests: at least this many decisions in 28 days ...</summary>
    public int ShareMinimumDecisions { get; init; } = 6;

    /// <summary>... at least this share of them ...</summary>
    public double ShareThreshold { get; init; } = 0.8;

    /// <summary>... and this unlikely given the approver's share of the HQ's decisions.</summary>
    public double ShareSignificance { get; init; } = 0.001;

    /// <summary>Case references used for one disclosure and not again within <see cref="CaseQuietDays"/>: this many in 28 days ...</summary>
    public int SingleUseCasesMinimum { get; init; } = 6;

    /// <summary>... making up at least this share of the officer's settled cases.</summary>
    public double SingleUseShare { get; init; } = 0.75;

    public int CaseQuietDays { get; init; } = 3;

    /// <summary>Off-hours disclosures in 28 days: at least this many ...</summary>
    public int OffHoursDisclosures { get; init; } = 8;

    /// <summary>... and this share of the officer's disclosures (and three times the unit's share).</summary>
    public double OffHoursShareThreshold { get; init; } = 0.5;

    /// <summary>One call-records release exposing more third-party numbers than this alerts at once.</summary>
    public int ThirdPartiesPerRelease { get; init; } = 500;

    /// <summary>Third-party numbers an officer obtains in 24 hours beyond this: severe.</summary>
    public int ThirdPartiesPerDay { get; init; } = 1_000;

    /// <summary>Third-party numbers an officer obtains in 7 days beyond this: severe.</summary>
    public int ThirdPartiesPerWeek { get; init; } = 2_000;

    /// <summary>Emergency requests of one officer in 28 days: a warning at this many ...</summary>
    public int EmergenciesPerFourWeeks { get; init; } = 4;

    /// <summary>... severe at this many.</summary>
    public int EmergenciesSevere { get; init; } = 6;

    /// <summary>Emergency requests of one unit in 7 days: a warning at this many.</summary>
    public int UnitEmergenciesPerWeek { get; init; } = 6;

    /// <summary>Distinct citizens kept per party and day; more are counted, not kept.</summary>
    public int CitizensPerDayCap { get; init; } = 512;

    /// <summary>Case references kept per officer (the oldest go first).</summary>
    public int CasesKept { get; init; } = 256;

    /// <summary>Days of history per party: four weeks to compare with and the current one.</summary>
    public int DaysKept { get; init; } = 35;

    public int HoursKept { get; init; } = 48;

    /// <summary>How long a request is remembered for its decisions and disclosure (pending 72 h, then a grant).</summary>
    public TimeSpan RequestRetention { get; init; } = TimeSpan.FromDays(4);

    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(6);

    public int OffHoursFrom { get; init; } = 22;

    public int OffHoursTo { get; init; } = 6;

    /// <summary>How long a party's history lives after its last event.</summary>
    public TimeSpan PartyRetention => TimeSpan.FromDays(DaysKept + 1);

    public long DayOf(DateTimeOffset at) => (long)Math.Floor((at.ToUnixTimeSeconds() + LocalOffset.TotalSeconds) / 86_400);

    public static long HourOf(DateTimeOffset at) => at.ToUnixTimeSeconds() / 3_600;

    public bool IsOffHours(DateTimeOffset at)
    {
        var hour = at.ToOffset(LocalOffset).Hour;
        return OffHoursFrom > OffHoursTo ? hour >= OffHoursFrom || hour < OffHoursTo : hour >= OffHoursFrom && hour < OffHoursTo;
    }
}
