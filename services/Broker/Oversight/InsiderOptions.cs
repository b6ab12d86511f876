using System.ComponentModel.DataAnnotations;
using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Oversight;

/// <summary>Configuration section "Broker:Oversight:Insider": the insider rules' thresholds. Validated at start.</summary>
public sealed class InsiderOptions
{
    public const string Section = "Broker:Oversight:Insider";

    [Range(1, 1_000_000)]
    public int SubjectsPerHour { get; set; } = 5;

    [Range(1, 10_000)]
    public int SubjectsPerCasePerDay { get; set; } = 8;

    [Range(1, 10_000)]
    public int RejectionsPerDay { get; set; } = 3;

    [Range(0, 23)]
    public int OffHoursFrom { get; set; } = 22;

    [Range(0, 23)]
    public int OffHoursTo { get; set; } = 6;

    [Range(typeof(TimeSpan), "-12:00:00", "14:00:00")]
    public TimeSpan LocalOffset { get; set; } = TimeSpan.FromHours(6);

    [Range(1, 10_000)]
    public int OffHoursSubmissionsPerHour { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan MinimumReviewTime { get; set; } = TimeSpan.FromSeconds(30);

    [Range(1, 10_000)]
    public int ApprovalsOfOneRequesterPerDay { get; set; } = 10;

    /// <summary>Rules whose alerts suspend the officer at once; empty keeps the default (bulk_subjects).</summary>
    public List<string> Severe { get; set; } = [];

    public InsiderRules ToRules()
    {
        var rules = new InsiderRules
        {
            SubjectsPerHour = SubjectsPerHour,
            SubjectsPerCasePerDay = SubjectsPerCasePerDay,
            RejectionsPerDay = RejectionsPerDay,
            OffHoursFrom = OffHoursFrom,
            OffHoursTo = OffHoursTo,
            LocalOffset = LocalOffset,
            OffHoursSubmissionsPerHour = OffHoursSubmissionsPerHour,
            MinimumReviewTime = MinimumReviewTime,
            ApprovalsOfOneRequesterPerDay = ApprovalsOfOneRequesterPerDay,
        };
        return Severe.Count == 0 ? rules : rules with { Severe = Severe.ToHashSet(StringComparer.Ordinal) };
    }
}
