using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Tests.Domain;

/// <summary>The people and drafts the domain tests share.</summary>
internal static class Scenario
{
    public static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public static readonly Officer AtuOfficer = new("atu-officer-1", Role.Officer, "ATU", "POLICE-HQ");
    public static readonly Officer AtuOfficer2 = new("atu-officer-2", Role.Officer, "ATU", "POLICE-HQ");
    // As the development personas: each HQ has a supervisor and a legal officer, whom call records need (the shipped policy).
    public static readonly Officer PoliceApprover1 = new("phq-approver-1", Role.Approver, null, "POLICE-HQ", AuthorisationPolicy.Supervisor);
    public static readonly Officer PoliceApprover2 = new("phq-approver-2", Role.Approver, null, "POLICE-HQ", AuthorisationPolicy.Legal);
    public static readonly Officer PoliceApprover3 = new("phq-approver-3", Role.Approver, null, "POLICE-HQ", AuthorisationPolicy.Supervisor);
    public static readonly Officer RabApprover = new("rabhq-approver-1", Role.Approver, null, "RAB-HQ", AuthorisationPolicy.Supervisor);
    public static readonly Officer PoliceAdmin = new("police-admin", Role.Admin, "ATU", "POLICE-HQ");

    public static RequestDraft Draft(params Category[] categories) => new(
        IdempotencyKey: Guid.NewGuid().ToString(),
        CaseReference: "GD-2026-1187",
        LegalBasis: LegalBasis.AntiTerrorismAct,
        Justification: "Subject was seen meeting a suspect of the Gulshan cell twice this month.",
        Subject: new Subject(SubjectKind.Nid, "1234567890"),
        Categories: categories.Length == 0 ? [Category.NidDetails] : categories,
        CdrWindow: categories.Contains(Category.CallRecords) ? new TimeWindow(Start.AddDays(-30), Start) : null,
        Urgency: Urgency.Routine);

    public static DataRequest Submitted(Officer requester, params Category[] categories) =>
        DataRequest.Create(Draft(categories), requester, "POLICE-HQ", RequestIds.New(requester.Unit!, Start), Start, new RequestRules());

    /// <summary>An ATU officer's request on <paramref name="nid"/>, approved by as many POLICE-HQ approvers as it needs.</summary>
    public static async Task<string> ApprovedAsync(RequestWorkflow workflow, string nid, params Category[] categories)
    {
        var submitted = await workflow.SubmitAsync(AtuOfficer, Draft(categories) with { Subject = new Subject(SubjectKind.Nid, nid) }, default);
        await workflow.DecideAsync(PoliceApprover1, submitted.Request.Id, approve: true, "lawful", 0, default);
        if (categories.Contains(Category.CallRecords))
            await workflow.DecideAsync(PoliceApprover2, submitted.Request.Id, approve: true, "lawful", 0, default);
        return submitted.Request.Id;
    }
}
