using CsCheck;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Policy;
using DataBroker.Broker.Domain.Requests;
using static DataBroker.Broker.Tests.Domain.Scenario;

namespace DataBroker.Broker.Tests.Domain;

/// <summary>
/// The approval policy against a plain model, over random policies, requests and sequences of approvers: nothing is
/// released short of every category's rule, two approvers of one rank never stand in for two ranks, and the legal-basis
/// rules refuse exactly what they do not allow, naming the field.
/// </summary>
public sealed class ApprovalPolicyPropertyTests
{
    private static readonly string[] RankPool = ["supervisor", "legal", "chief", "duty"];
    private static readonly Category[] Categories = Enum.GetValues<Category>();

    private static readonly Gen<ApprovalRule[]> Rules =
        Gen.Select(Gen.Int[1, 4], Gen.Bool.Array[RankPool.Length]).Array[Categories.Length].Select(draws => draws
            .Select((d, i) => new ApprovalRule(Categories[i], null, d.Item1,
                [.. RankPool.Where((_, r) => d.Item2[r]).Take(d.Item1)]))
            .ToArray());

    private static readonly Gen<Category[]> RequestCategories =
        Gen.Bool.Array[Categories.Length].Where(picks => picks.Any(p => p)).Select(picks => Categories.Where((_, i) => picks[i]).ToArray());

    /// <summary>One approval attempt: which of 8 approvers, and the rank their token carries (index 4: none).</summary>
    private static readonly Gen<(int Approver, int Rank)[]> Attempts = Gen.Select(Gen.Int[0, 7], Gen.Int[0, 4]).Array[1, 14];

    [Fact]
    public void No_set_of_approvals_short_of_the_policy_ever_releases_and_the_policy_s_approvals_always_can()
    {
        Gen.Select(Rules, RequestCategories, Attempts).Sample((rules, categories, attempts) =>
        {
            var rules1 = new RequestRules { Policy = AuthorisationPolicy.Default with { Approvals = rules } };
            Assert.Empty(rules1.Policy.Problems());
            var request = Submit(rules1, categories);
            foreach (var (who, rankIndex) in attempts)
            {
                var approver = Approver($"approver-{who}", rankIndex < RankPool.Length ? RankPool[rankIndex] : null);
                try
                {
                    request = request.Approve(approver, "", Start);
                }
                catch (DomainException e)
                {
                    Assert.Equal(DomainErrorKind.FailedPrecondition, e.Kind);
                    continue;
                }
                Assert.Equal(request.Approvals.Count, request.Approvals.Select(a => a.ApproverId).Distinct().Count());
                Assert.Equal(Satisfied(rules, categories, request.Approvals), request.State == RequestState.Approved);
            }
            // Whatever was refused on the way, approvers of the ranks still needed, then of any rank, complete it.
            var fresh = 0;
            while (request.State == RequestState.AwaitingApproval)
            {
                var ranksNeeded = request.Progress.RanksNeeded;
                var needed = ranksNeeded.Count > 0 ? ranksNeeded[0] : null;
                request = request.Approve(Approver($"completer-{fresh++}", needed), "", Start);
                Assert.Equal(Satisfied(rules, categories, request.Approvals), request.State == RequestState.Approved);
                Assert.True(fresh <= AuthorisationPolicy.MaxQuorum);
            }
        }, iter: 2000);
    }

    [Fact]
    public void Approvers_of_one_rank_never_satisfy_a_two_rank_rule_however_many_they_are()
    {
        Gen.Select(Gen.Int[0, RankPool.Length - 1], Gen.Int[1, RankPool.Length - 1], Gen.Int[2, 5], Gen.Int[1, 6])
            .Sample((first, offset, quorum, approvers) =>
            {
                var (held, other) = (RankPool[first], RankPool[(first + offset) % RankPool.Length]);
                var policy = AuthorisationPolicy.Default with
                {
                    Approvals = [.. AuthorisationPolicy.Default.Approvals.Where(r => r.Category != Category.CallRecords),
                        new(Category.CallRecords, null, quorum, [held, other])],
                };
                var request = Submit(new RequestRules { Policy = policy }, [Category.CallRecords]);
                for (var i = 0; i < approvers; i++)
                {
                    try
                    {
                        request = request.Approve(Approver($"approver-{i}", held), "", Start);
                    }
                    catch (DomainException e)
                    {
                        Assert.Equal(DomainErrorKind.FailedPrecondition, e.Kind);
                        Assert.Contains($"a {other} approver", e.Message, StringComparison.Ordinal);
                    }
                    Assert.Equal(RequestState.AwaitingApproval, request.State);
                }
                Assert.True(request.Approvals.Count <= quorum - 1);
            }, iter: 500);
    }

    [Fact]
    public void A_legal_basis_refuses_exactly_the_categories_and_windows_it_does_not_allow_naming_the_field()
    {
        var policy = AuthorisationPolicy.Default;
        Gen.Select(Gen.Int[1, 5], RequestCategories, Gen.Int[1, 90]).Sample((basisNumber, categories, days) =>
        {
            var basis = (LegalBasis)basisNumber;
            var draft = Draft(categories) with
            {
                LegalBasis = basis,
                CdrWindow = categories.Contains(Category.CallRecords) ? new TimeWindow(Start.AddDays(-days), Start) : null,
            };
            var rule = policy.LegalBases.Single(b => b.LegalBasis == basis);
            var expected = categories.Any(c => !rule.Categories.Contains(c)) ? "legal_basis"
                : categories.Contains(Category.CallRecords) && TimeSpan.FromDays(days) > rule.MaxCdrWindow ? "cdr_window"
                : null;
            var error = Record.Exception(() => draft.Validate(new RequestRules { Policy = policy }));
            if (expected is null)
            {
                Assert.Null(error);
                return;
            }
            var refused = Assert.IsType<DomainException>(error);
            Assert.Equal((DomainErrorKind.InvalidArgument, expected), (refused.Kind, refused.Field));
            Assert.StartsWith(expected, refused.Message, StringComparison.Ordinal);
        }, iter: 1000);
    }

    [Fact]
    public void A_basis_the_policy_does_not_list_allows_nothing()
    {
        var policy = AuthorisationPolicy.Default with { LegalBases = [.. AuthorisationPolicy.Default.LegalBases.Where(b => b.LegalBasis != LegalBasis.CourtOrder)] };
        var error = Assert.Throws<DomainException>(() => (Draft() with { LegalBasis = LegalBasis.CourtOrder }).Validate(new RequestRules { Policy = policy }));
        Assert.Equal("legal_basis", error.Field);
    }

    [Fact]
    public void Progress_says_who_approved_and_what_is_still_needed()
    {
        var request = Submitted(AtuOfficer, Category.NidDetails, Category.CallRecords);
        Assert.Equal("0 of 2: supervisor and legal needed", request.Progress.Describe());
        var once = request.Approve(PoliceApprover1, "", Start);
        Assert.Equal("1 of 2: supervisor approved; legal needed", once.Progress.Describe());
        Assert.Equal("approval 1 of 2: supervisor approved; legal needed", once.History[^1].Note);
        var refused = Assert.Throws<DomainException>(() => once.Approve(PoliceApprover3, "", Start));
        Assert.Contains("still needs a legal approver (approval policy version 1)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("rank supervisor", refused.Message, StringComparison.Ordinal);
        Assert.Equal("2 of 2: supervisor and legal approved", once.Approve(PoliceApprover2, "", Start).Progress.Describe());
        Assert.Equal("0 of 1: 1 more of any rank needed", Submitted(AtuOfficer).Progress.Describe());
    }

    [Fact]
    public void A_request_keeps_the_requirement_and_grant_time_of_the_policy_it_was_submitted_under()
    {
        var strict = new RequestRules
        {
            Policy = AuthorisationPolicy.Default with
            {
                Version = 7,
                Approvals = [.. AuthorisationPolicy.Default.Approvals.Where(r => r.Category != Category.CriminalRecord),
                    new(Category.CriminalRecord, null, 3, ["chief"], TimeSpan.FromMinutes(5))],
            },
        };
        var request = Submit(strict, [Category.CriminalRecord, Category.CallRecords]);
        Assert.Equal((7, 3, TimeSpan.FromMinutes(5)), (request.PolicyVersion, request.ApprovalsRequired, request.GrantTtl));
        Assert.Equal(["chief", "supervisor", "legal"], request.RanksRequired);
    }

    private static DataRequest Submit(RequestRules rules, Category[] categories) =>
        DataRequest.Create(Draft(categories), AtuOfficer, "POLICE-HQ", RequestIds.New("ATU", Start), Start, rules);

    private static Officer Approver(string id, string? rank) => new(id, Role.Approver, null, "POLICE-HQ", rank);

    /// <summary>The model: every category's rule holds for the same approvals.</summary>
    private static bool Satisfied(ApprovalRule[] rules, Category[] categories, IReadOnlyList<Approval> approvals) =>
        categories.All(c =>
        {
            var rule = rules.Single(r => r.Category == c);
            return approvals.Select(a => a.ApproverId).Distinct().Count() >= rule.Quorum
                && rule.Ranks.All(rank => approvals.Any(a => a.Rank == rank));
        });
}
