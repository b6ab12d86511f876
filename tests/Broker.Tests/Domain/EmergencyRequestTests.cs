using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Tests.Domain;

public sealed class EmergencyRequestTests
{
    // A policy asking two approvers for identity and SIMs, and the duty approver alone in an emergency.
    private static readonly RequestRules Rules = new()
    {
        Policy = AuthorisationPolicy.Default with
        {
            Approvals =
            [
                .. AuthorisationPolicy.Default.Approvals.Where(r => r.Category is not (Category.NidDetails or Category.SimRegistrations)),
                new(Category.NidDetails, null, 2, []),
                new(Category.SimRegistrations, null, 2, []),
                new(Category.NidDetails, Urgency.Emergency, 1, []),
                new(Category.SimRegistrations, Urgency.Emergency, 1, []),
            ],
        },
    };

    [Fact]
    public void An_emergency_needs_the_one_approval_its_urgency_rule_asks_whatever_the_category_quorum()
    {
        var request = Create(Urgency.Emergency, Category.NidDetails, Category.SimRegistrations);
        Assert.Equal(1, request.ApprovalsRequired);
        Assert.Equal(2, Create(Urgency.Priority, Category.NidDetails).ApprovalsRequired);
    }

    [Theory]
    [InlineData(Category.CallRecords)]
    [InlineData(Category.CriminalRecord)]
    public void An_emergency_may_not_ask_for_call_records_or_criminal_files(Category category)
    {
        var e = Assert.Throws<DomainException>(() => Create(Urgency.Emergency, Category.NidDetails, category));
        Assert.Equal("categories", e.Field);
    }

    [Fact]
    public void An_undecided_emergency_is_granted_by_the_system_once_the_wait_is_over_and_not_before()
    {
        var request = Create(Urgency.Emergency, Category.NidDetails);
        Assert.Null(request.AutoGrantIfDue(Scenario.Start + Rules.EmergencyAutoGrantAfter - TimeSpan.FromSeconds(1), Rules));
        var granted = request.AutoGrantIfDue(Scenario.Start + Rules.EmergencyAutoGrantAfter, Rules)!;
        Assert.Equal(RequestState.Approved, granted.State);
        Assert.Equal(DataRequest.SystemActor, granted.History[^1].ActorId);
        Assert.Equal(Scenario.Start + Rules.EmergencyAutoGrantAfter + Rules.Policy.GrantTtl, granted.Deadline);
        Assert.Null(granted.AutoGrantIfDue(Scenario.Start.AddHours(1), Rules));
    }

    [Fact]
    public void A_routine_request_is_never_granted_by_waiting() =>
        Assert.Null(Create(Urgency.Priority, Category.NidDetails).AutoGrantIfDue(Scenario.Start.AddHours(1), Rules));

    private static DataRequest Create(Urgency urgency, params Category[] categories) =>
        DataRequest.Create(Scenario.Draft(categories) with { Urgency = urgency }, Scenario.AtuOfficer, "POLICE-HQ",
            RequestIds.New("ATU", Scenario.Start), Scenario.Start, Rules);
}
