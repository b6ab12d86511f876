using System.ComponentModel.DataAnnotations;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Patterns;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// Configuration section "Broker:Oversight:Insider:Patterns": the long-horizon rules' thresholds (see
/// <see cref="PatternRules"/> for what each means). Validated at start; local time and off hours come from the insider rules.
/// </summary>
public sealed class PatternOptions : IValidatableObject
{
    public const string Section = InsiderOptions.Section + ":Patterns";

    [Range(1, 10_000)]
    public int CitizensFloor { get; set; } = 15;

    [Range(1, 10_000)]
    public int CitizensCeiling { get; set; } = 20;

    [Range(1, 100_000)]
    public int CitizensSevere { get; set; } = 40;

    [Range(1.0, 20.0)]
    public double NormSpread { get; set; } = 4;

    [Range(2, 1_000)]
    public int PeersMinimum { get; set; } = 3;

    [Range(1, 1_000_000)]
    public int UnitCitizensFloor { get; set; } = 40;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QuickApprovalFloor { get; set; } = TimeSpan.FromMinutes(2);

    [Range(typeof(TimeSpan), "00:00:01", "04:00:00")]
    public TimeSpan QuickApprovalCeiling { get; set; } = TimeSpan.FromMinutes(10);

    [Range(1, 1_000)]
    public int QuickApprovalsPerPair { get; set; } = 3;

    [Range(1, 1_000)]
    public int QuickApprovalsSevere { get; set; } = 6;

    [Range(2, 1_000)]
    public int ShareMinimumDecisions { get; set; } = 6;

    [Range(0.5, 1.0)]
    public double ShareThreshold { get; set; } = 0.8;

    [Range(1e-9, 0.1)]
    public double ShareSignificance { get; set; } = 0.001;

    [Range(1, 1_000)]
    public int SingleUseCases { get; set; } = 6;

    [Range(1, 1_000)]
    public int OffHoursDisclosures { get; set; } = 8;

    [Range(1, 1_000_000)]
    public int ThirdPartiesPerRelease { get; set; } = 500;

    [Range(1, 10_000_000)]
    public int ThirdPartiesPerDay { get; set; } = 1_000;

    [Range(1, 10_000_000)]
    public int ThirdPartiesPerWeek { get; set; } = 2_000;

    [Range(1, 1_000)]
    public int EmergenciesPerFourWeeks { get; set; } = 4;

    [Range(1, 1_000)]
    public int EmergenciesSevere { get; set; } = 6;

    [Range(1, 10_000)]
    public int UnitEmergenciesPerWeek { get; set; } = 6;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (CitizensFloor > CitizensCeiling || CitizensCeiling >= CitizensSevere)
            yield return new ValidationResult("CitizensFloor <= CitizensCeiling < CitizensSevere must hold.",
                [nameof(CitizensFloor), nameof(CitizensCeiling), nameof(CitizensSevere)]);
        if (QuickApprovalFloor > QuickApprovalCeiling)
            yield return new ValidationResult("QuickApprovalFloor must not exceed QuickApprovalCeiling.", [nameof(QuickApprovalFloor)]);
        if (QuickApprovalsPerPair > QuickApprovalsSevere)
            yield return new ValidationResult("QuickApprovalsPerPair must not exceed QuickApprovalsSevere.", [nameof(QuickApprovalsPerPair)]);
        if (EmergenciesPerFourWeeks > EmergenciesSevere)
            yield return new ValidationResult("EmergenciesPerFourWeeks must not exceed EmergenciesSevere.", [nameof(EmergenciesPerFourWeeks)]);
    }

    public PatternRules ToRules(InsiderRules insider) => new()
    {
        CitizensFloor = CitizensFloor,
        CitizensCeiling = CitizensCeiling,
        CitizensSevere = CitizensSevere,
        NormSpread = NormSpread,
        PeersMinimum = PeersMinimum,
        UnitCitizensFloor = UnitCitizensFloor,
        QuickApprovalFloor = QuickApprovalFloor,
        QuickApprovalCeiling = QuickApprovalCeiling,
        QuickApprovalsPerPair = QuickApprovalsPerPair,
        QuickApprovalsSevere = QuickApprovalsSevere,
        ShareMinimumDecisions = ShareMinimumDecisions,
        ShareThreshold = ShareThreshold,
        ShareSignificance = ShareSignificance,
        SingleUseCasesMinimum = SingleUseCases,
        OffHoursDisclosures = OffHoursDisclosures,
        ThirdPartiesPerRelease = ThirdPartiesPerRelease,
        ThirdPartiesPerDay = ThirdPartiesPerDay,
        ThirdPartiesPerWeek = ThirdPartiesPerWeek,
        EmergenciesPerFourWeeks = EmergenciesPerFourWeeks,
        EmergenciesSevere = EmergenciesSevere,
        UnitEmergenciesPerWeek = UnitEmergenciesPerWeek,
        LocalOffset = insider.LocalOffset,
        OffHoursFrom = insider.OffHoursFrom,
        OffHoursTo = insider.OffHoursTo,
    };
}
