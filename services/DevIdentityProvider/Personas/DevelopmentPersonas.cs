using DataBroker.Identity;

namespace DataBroker.DevIdentityProvider.Personas;

/// <summary>
/// The development organisation: POLICE-HQ over units ATU, CTTC and DB; RAB-HQ over RAB-1 and RAB-6.
/// Officers carry only their unit and approvers only their HQ and rank, as a real identity provider would issue them:
/// each HQ has supervisors and a legal officer, so its call records can be approved as the approval policy requires.
/// </summary>
public static class DevelopmentPersonas
{
    public const string PoliceHeadquarters = "POLICE-HQ";
    public const string RabHeadquarters = "RAB-HQ";

    public static IReadOnlyList<Persona> All { get; } =
    [
        new("atu-officer-1", Roles.Officer, Unit: "ATU"),
        new("atu-officer-2", Roles.Officer, Unit: "ATU"),
        new("cttc-officer-1", Roles.Officer, Unit: "CTTC"),
        new("db-officer-1", Roles.Officer, Unit: "DB"),
        new("rab6-officer-1", Roles.Officer, Unit: "RAB-6"),
        new("rab6-officer-2", Roles.Officer, Unit: "RAB-6"),
        new("rab1-officer-1", Roles.Officer, Unit: "RAB-1"),
        new("phq-approver-1", Roles.Approver, Headquarters: PoliceHeadquarters, Rank: ApproverRanks.Supervisor),
        new("phq-approver-2", Roles.Approver, Headquarters: PoliceHeadquarters, Rank: ApproverRanks.Legal),
        new("phq-approver-3", Roles.Approver, Headquarters: PoliceHeadquarters, Rank: ApproverRanks.Supervisor),
        new("rabhq-approver-1", Roles.Approver, Headquarters: RabHeadquarters, Rank: ApproverRanks.Supervisor),
        new("rabhq-approver-2", Roles.Approver, Headquarters: RabHeadquarters, Rank: ApproverRanks.Legal),
        new("oversight-auditor-1", Roles.Auditor),
        new("police-admin", Roles.Admin, Headquarters: PoliceHeadquarters),
    ];

    public static Persona? Find(string subject) =>
        All.FirstOrDefault(p => string.Equals(p.Subject, subject, StringComparison.Ordinal));
}
