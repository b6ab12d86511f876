namespace DataBroker.Broker.Domain.Oversight;

/// <summary>Thresholds of the insider rules. Defaults are a starting point for the agency to tune.</summary>
public sealed record InsiderRules
{
    public const string BulkSubjects = "bulk_subjects";
    public const string CaseSubjects = "case_subjects";
    public const string RepeatedRejections = "repeated_rejections";
    public const string OffHoursBurst = "off_hours_burst";
    public const string ApprovedTooFast = "approved_too_fast";
    public const string ApproverFavoursRequester = "approver_favours_requester";
    public const string EmergencyUnjustified = "emergency_unjustified";
    public const string EmergencyUnreviewed = "emergency_unreviewed";
    public const string EmergencyAutoGranted = "emergency_auto_granted";

    /// <summary>More distinct subjects than this from one officer within an hour is a bulk pull.</summary>
    public int SubjectsPerHour { get; init; } = 5;

    /// <summary>More distinct subjects than this under one case reference in a day suggests subjects unlinked to the case.</summary>
    public int SubjectsPerCasePerDay { get; init; } = 8;

    public int RejectionsPerDay { get; init; } = 3;

    /// <summary>Off hours, in the agency's local time: from this hour...</summary>
    public int OffHoursFrom { get; init; } = 22;

    /// <summary>... to this hour.</summary>
    public int OffHoursTo { get; init; } = 6;

    public TimeSpan LocalOffset { get; init; } = TimeSpan.FromHours(6);

    /// <summary>More submissions than this within an hour, off hours, is a burst.</summary>
    public int OffHoursSubmissionsPerHour { get; init; } = 3;

    /// <summary>A decision this soon after submission was not a real review.</summary>
    public TimeSpan MinimumReviewTime { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>More approvals than this from one approver for one requester in a day is far above the norm.</summary>
    public int ApprovalsOfOneRequesterPerDay { get; init; } = 10;

    /// <summary>Rules whose alerts suspend the officer at once.</summary>
    public IReadOnlySet<string> Severe { get; init; } = new HashSet<string>(StringComparer.Ordinal) { BulkSubjects };

    public AlertSeverity SeverityOf(string rule) => Severe.Contains(rule) ? AlertSeverity.Severe : AlertSeverity.Warning;

    public bool IsOffHours(DateTimeOffset at)
    {
        var hour = at.ToOffset(LocalOffset).Hour;
        return OffHoursFrom > OffHoursTo ? hour >= OffHoursFrom || hour < OffHoursTo : hour >= OffHoursFrom && hour < OffHoursTo;
    }
}
