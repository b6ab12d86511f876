using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Requests;
using static DataBroker.Broker.Tests.Domain.Scenario;

namespace DataBroker.Broker.Tests.Domain;

public sealed class DataRequestTests
{
    private static readonly RequestRules Rules = new();

    [Fact]
    public void A_new_request_awaits_approval_at_version_1_with_its_submission_in_history()
    {
        var request = Submitted(AtuOfficer);
        Assert.Equal(RequestState.AwaitingApproval, request.State);
        Assert.Equal(1, request.Version);
        Assert.Equal("POLICE-HQ", request.Headquarters);
        Assert.Equal(Start + Rules.PendingTtl, request.Deadline);
        Assert.Single(request.History);
    }

    [Theory]
    [InlineData("x")]
    [InlineData("need it now")]
    [InlineData("aaaa aaaa aaaa aaaa aaaa")]
    // Words are separated by spaces only: tabs and newlines do not make more of them.
    [InlineData("Subject\tphoned\tthe\tvictim daily")]
    [InlineData("Subject phoned\n\nthe\r\nvictim")]
    // Five different letters, whatever their case, are too few.
    [InlineData("aAbBcC dDeE aabb ccdd eeee")]
    public void A_justification_that_is_not_a_real_sentence_is_refused_naming_the_field(string justification)
    {
        var error = Assert.Throws<DomainException>(() => (Draft() with { Justification = justification }).Validate(Rules));
        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("justification", error.Field);
    }

    [Theory]
    [InlineData("ABCDEF abcdef abcdef abcdef")]
    [InlineData("   Subject \t  phoned  \t the   victim\tdaily   ")]
    [InlineData("Subject phoned\n the\n victim daily")]
    public void A_justification_of_enough_words_letters_and_characters_is_accepted(string justification) =>
        (Draft() with { Justification = justification }).Validate(Rules);

    [Theory]
    [InlineData(SubjectKind.Nid, "12345", "subject.nid")]
    [InlineData(SubjectKind.Nid, "12345abcde", "subject.nid")]
    [InlineData(SubjectKind.Msisdn, "01712345678", "subject.msisdn")]
    [InlineData(SubjectKind.Msisdn, "8801212345678", "subject.msisdn")]
    public void A_malformed_subject_is_refused_naming_the_field(SubjectKind kind, string value, string field)
    {
        var error = Assert.Throws<DomainException>(() => (Draft() with { Subject = new Subject(kind, value) }).Validate(Rules));
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void Missing_fields_are_each_named()
    {
        Assert.Equal("subject", Assert.Throws<DomainException>(() => (Draft() with { Subject = null }).Validate(Rules)).Field);
        Assert.Equal("categories", Assert.Throws<DomainException>(() => (Draft() with { Categories = [] }).Validate(Rules)).Field);
        Assert.Equal("legal_basis", Assert.Throws<DomainException>(() => (Draft() with { LegalBasis = null }).Validate(Rules)).Field);
        Assert.Equal("case_reference", Assert.Throws<DomainException>(() => (Draft() with { CaseReference = " " }).Validate(Rules)).Field);
        Assert.Equal("idempotency_key", Assert.Throws<DomainException>(() => (Draft() with { IdempotencyKey = "" }).Validate(Rules)).Field);
        Assert.Equal("categories", Assert.Throws<DomainException>(() =>
            (Draft() with { Categories = [Category.NidDetails, Category.NidDetails] }).Validate(Rules)).Field);
    }

    [Fact]
    public void Call_records_need_a_window_of_at_most_90_days()
    {
        var draft = Draft(Category.CallRecords);
        draft.Validate(Rules);
        Assert.Equal("cdr_window", Assert.Throws<DomainException>(() => (draft with { CdrWindow = null }).Validate(Rules)).Field);
        Assert.Equal("cdr_window", Assert.Throws<DomainException>(() =>
            (draft with { CdrWindow = new TimeWindow(Start.AddDays(-91), Start) }).Validate(Rules)).Field);
        Assert.Equal("cdr_window", Assert.Throws<DomainException>(() =>
            (draft with { CdrWindow = new TimeWindow(Start, Start.AddDays(-1)) }).Validate(Rules)).Field);
        (draft with { CdrWindow = new TimeWindow(Start.AddDays(-90), Start) }).Validate(Rules);
    }

    [Fact]
    public void One_approval_approves_nid_details_and_opens_a_grant()
    {
        var approved = Submitted(AtuOfficer).Approve(PoliceApprover1, "ok", Start.AddMinutes(5));
        Assert.Equal(RequestState.Approved, approved.State);
        Assert.Equal(2, approved.Version);
        Assert.Equal(Start.AddMinutes(5) + Rules.Policy.GrantTtl, approved.Deadline);
    }

    [Fact]
    public void Call_records_need_two_distinct_approvers()
    {
        var once = Submitted(AtuOfficer, Category.CallRecords).Approve(PoliceApprover1, "", Start);
        Assert.Equal(RequestState.AwaitingApproval, once.State);
        Assert.Equal(2, once.Version);

        var again = Assert.Throws<DomainException>(() => once.Approve(PoliceApprover1, "", Start));
        Assert.Equal(DomainErrorKind.FailedPrecondition, again.Kind);

        var twice = once.Approve(PoliceApprover2, "", Start);
        Assert.Equal(RequestState.Approved, twice.State);
        Assert.Equal(2, twice.Approvals.Count);
    }

    [Fact]
    public void Mixed_categories_need_the_largest_quorum()
    {
        Assert.Equal(2, Submitted(AtuOfficer, Category.NidDetails, Category.CallRecords).ApprovalsRequired);
        Assert.Equal(1, Submitted(AtuOfficer, Category.NidDetails, Category.CriminalRecord).ApprovalsRequired);
    }

    [Fact]
    public void Nobody_decides_their_own_request_not_even_an_admin()
    {
        var own = Submitted(PoliceAdmin);
        Assert.Equal(DomainErrorKind.PermissionDenied,
            Assert.Throws<DomainException>(() => own.Approve(PoliceAdmin, "", Start)).Kind);
        Assert.Equal(DomainErrorKind.PermissionDenied,
            Assert.Throws<DomainException>(() => own.Reject(PoliceAdmin, "no", Start)).Kind);
    }

    [Fact]
    public void An_approver_of_another_HQ_is_told_the_request_does_not_exist()
    {
        var error = Assert.Throws<DomainException>(() => Submitted(AtuOfficer).Approve(RabApprover, "", Start));
        Assert.Equal(DomainErrorKind.NotFound, error.Kind);
    }

    [Fact]
    public void An_officer_cannot_decide()
    {
        var error = Assert.Throws<DomainException>(() => Submitted(AtuOfficer).Approve(AtuOfficer2, "", Start));
        Assert.Equal(DomainErrorKind.PermissionDenied, error.Kind);
    }

    [Fact]
    public void Rejecting_needs_a_reason()
    {
        var error = Assert.Throws<DomainException>(() => Submitted(AtuOfficer).Reject(PoliceApprover1, "  ", Start));
        Assert.Equal("note", error.Field);
        Assert.Equal(RequestState.Rejected, Submitted(AtuOfficer).Reject(PoliceApprover1, "No link to the case.", Start).State);
    }

    [Fact]
    public void No_decision_after_a_final_state()
    {
        var rejected = Submitted(AtuOfficer).Reject(PoliceApprover1, "No link to the case.", Start);
        Assert.Equal(DomainErrorKind.FailedPrecondition,
            Assert.Throws<DomainException>(() => rejected.Approve(PoliceApprover2, "", Start)).Kind);
        var cancelled = Submitted(AtuOfficer).Cancel(AtuOfficer, "", Start);
        Assert.Equal(DomainErrorKind.FailedPrecondition,
            Assert.Throws<DomainException>(() => cancelled.Approve(PoliceApprover2, "", Start)).Kind);
    }

    [Fact]
    public void Records_are_released_once_and_only_to_the_requester()
    {
        var approved = Submitted(AtuOfficer).Approve(PoliceApprover1, "", Start);
        Assert.Equal(DomainErrorKind.NotFound, Assert.Throws<DomainException>(() => approved.Disclose(AtuOfficer2, "rel-x", Start)).Kind);

        var disclosed = approved.Disclose(AtuOfficer, "rel-1", Start.AddMinutes(1));
        Assert.Equal(RequestState.Disclosed, disclosed.State);
        Assert.Equal("rel-1", disclosed.ReleaseId);
        Assert.Equal(DomainErrorKind.FailedPrecondition,
            Assert.Throws<DomainException>(() => disclosed.Disclose(AtuOfficer, "rel-2", Start.AddMinutes(2))).Kind);
        Assert.Equal(DomainErrorKind.FailedPrecondition,
            Assert.Throws<DomainException>(() => disclosed.Cancel(AtuOfficer, "", Start.AddMinutes(2))).Kind);
    }

    [Fact]
    public void Call_records_with_one_approval_cannot_be_fetched()
    {
        var once = Submitted(AtuOfficer, Category.CallRecords).Approve(PoliceApprover1, "", Start);
        var error = Assert.Throws<DomainException>(() => once.EnsureFetchable(AtuOfficer, Start));
        Assert.Equal(DomainErrorKind.FailedPrecondition, error.Kind);
        Assert.Contains("1 of 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pending_request_expires_after_its_ttl_and_a_grant_after_its_ttl()
    {
        var pending = Submitted(AtuOfficer);
        Assert.Null(pending.ExpireIfDue(Start + Rules.PendingTtl - TimeSpan.FromSeconds(1)));
        var expired = pending.ExpireIfDue(Start + Rules.PendingTtl);
        Assert.Equal(RequestState.Expired, expired!.State);
        Assert.Equal(DataRequest.SystemActor, expired.History[^1].ActorId);
        Assert.Equal(DomainErrorKind.FailedPrecondition,
            Assert.Throws<DomainException>(() => pending.Approve(PoliceApprover1, "", Start + Rules.PendingTtl)).Kind);

        var approved = pending.Approve(PoliceApprover1, "", Start);
        Assert.Equal(RequestState.Expired, approved.StateAt(Start + Rules.Policy.GrantTtl));
        Assert.Equal(DomainErrorKind.FailedPrecondition,
            Assert.Throws<DomainException>(() => approved.Disclose(AtuOfficer, "rel", Start + Rules.Policy.GrantTtl)).Kind);
        Assert.Null(expired.ExpireIfDue(Start + Rules.PendingTtl * 2));
    }

    [Fact]
    public void Every_change_raises_the_version_by_one_and_keeps_the_history()
    {
        var request = Submitted(AtuOfficer, Category.CallRecords);
        var steps = new[]
        {
            request,
            request = request.Approve(PoliceApprover1, "a", Start),
            request = request.Approve(PoliceApprover2, "b", Start),
            request = request.Disclose(AtuOfficer, "rel", Start),
        };
        for (var i = 1; i < steps.Length; i++)
        {
            Assert.Equal(steps[i - 1].Version + 1, steps[i].Version);
            Assert.Equal(steps[i - 1].History, steps[i].History.Take(steps[i - 1].History.Count));
        }
    }

    [Fact]
    public void The_requester_and_their_HQ_approvers_may_see_a_request_and_nobody_else()
    {
        var request = Submitted(AtuOfficer);
        Assert.True(ApprovalPolicy.MaySee(AtuOfficer, request));
        Assert.True(ApprovalPolicy.MaySee(PoliceApprover1, request));
        Assert.False(ApprovalPolicy.MaySee(AtuOfficer2, request));
        Assert.False(ApprovalPolicy.MaySee(RabApprover, request));
    }

    [Fact]
    public void Request_ids_carry_their_unit_and_reject_forgeries()
    {
        var id = RequestIds.New("RAB-6", Start);
        Assert.Equal("RAB-6", RequestIds.UnitOf(id));
        Assert.NotEqual(id, RequestIds.New("RAB-6", Start));
        Assert.Null(RequestIds.UnitOf("no-dot"));
        Assert.Null(RequestIds.UnitOf("ATU.lower-case!"));
        Assert.Null(RequestIds.UnitOf(".ABC"));
    }

    [Fact]
    public void A_request_id_is_16_bytes_only_where_they_turn_back_into_the_same_text()
    {
        var id = RequestIds.New("RAB-6", Start);
        var bytes = new byte[16];
        Assert.True(RequestIds.TryGetBytes("RAB-6", id, bytes));
        Assert.Equal(id, RequestIds.FromBytes("RAB-6", bytes));
        // Another unit, a lower-case spelling, set padding bits (the last character's low two), a length off by one.
        var padded = id[..^1] + "0123456789ABCDEFGHJKMNPQRSTVWXYZ"[("0123456789ABCDEFGHJKMNPQRSTVWXYZ".IndexOf(id[^1], StringComparison.Ordinal) | 1)];
        foreach (var (unit, other) in new[] { ("RAB-1", id), ("RAB-6", id.ToLowerInvariant()), ("RAB-6", padded), ("RAB-6", id + "0"), ("RAB-6", id[..^1]) })
            Assert.False(RequestIds.TryGetBytes(unit, other, bytes), other);
    }

    [Fact]
    public void The_fingerprint_ignores_the_idempotency_key_but_not_the_content()
    {
        var draft = Draft();
        Assert.Equal(draft.Fingerprint(), (draft with { IdempotencyKey = "other" }).Fingerprint());
        Assert.NotEqual(draft.Fingerprint(), (draft with { Subject = new Subject(SubjectKind.Nid, "1234567891") }).Fingerprint());
    }
}
