using DataBroker.DevIdentityProvider.Personas;
using DataBroker.Identity;
using Microsoft.IdentityModel.JsonWebTokens;

namespace DataBroker.Cli.Tests;

public sealed class TokenCommandTests
{
    private static async Task<JsonWebToken> MintAsync(params string[] args)
    {
        var run = await CliRun.ExecuteAsync(["token", .. args]);
        Assert.Equal(ExitCodes.Success, run.ExitCode);
        // Only the JWT, so that $(dbroker token ...) is the token itself.
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        return new JsonWebToken(lines[0].Trim());
    }

    [Fact]
    public async Task An_officer_persona_carries_its_unit_and_no_headquarters()
    {
        var before = DateTimeOffset.UtcNow;
        var token = await MintAsync("atu-officer-1", "--ttl", "2h");

        Assert.Equal("atu-officer-1", token.Subject);
        Assert.Equal([Audiences.Broker], token.Audiences);
        Assert.Equal(Audiences.DevelopmentIdentityProvider, token.Issuer);
        Assert.Equal(Roles.Officer, token.GetClaim(ClaimNames.Role).Value);
        Assert.Equal("ATU", token.GetClaim(ClaimNames.Unit).Value);
        Assert.False(token.TryGetClaim(ClaimNames.Headquarters, out _));
        var lifetime = token.ValidTo - before.UtcDateTime;
        Assert.InRange(lifetime, TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1), TimeSpan.FromHours(2) + TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task An_approver_persona_carries_its_headquarters_and_no_unit()
    {
        var token = await MintAsync("rabhq-approver-2");

        Assert.Equal(Roles.Approver, token.GetClaim(ClaimNames.Role).Value);
        Assert.Equal(DevelopmentPersonas.RabHeadquarters, token.GetClaim(ClaimNames.Headquarters).Value);
        Assert.False(token.TryGetClaim(ClaimNames.Unit, out _));
        Assert.Equal(ApproverRanks.Legal, token.GetClaim(ClaimNames.ApproverRank).Value);
    }

    [Fact]
    public async Task Each_HQ_has_a_supervisor_and_a_legal_approver_as_call_records_need_and_only_approvers_carry_a_rank()
    {
        foreach (var hq in new[] { DevelopmentPersonas.PoliceHeadquarters, DevelopmentPersonas.RabHeadquarters })
        {
            var ranks = DevelopmentPersonas.All.Where(p => p.Role == Roles.Approver && p.Headquarters == hq).Select(p => p.Rank).ToArray();
            Assert.Contains(ApproverRanks.Supervisor, ranks);
            Assert.Contains(ApproverRanks.Legal, ranks);
        }
        Assert.All(DevelopmentPersonas.All.Where(p => p.Role != Roles.Approver), p => Assert.Null(p.Rank));
        var officer = await MintAsync("atu-officer-1");
        Assert.False(officer.TryGetClaim(ClaimNames.ApproverRank, out _));
        var adhoc = await MintAsync("--subject", "adhoc-legal", "--role", "approver", "--hq", "RAB-HQ", "--rank", "legal");
        Assert.Equal("legal", adhoc.GetClaim(ClaimNames.ApproverRank).Value);
    }

    [Fact]
    public async Task An_arbitrary_identity_carries_exactly_what_was_asked()
    {
        var token = await MintAsync("--subject", "adhoc-1", "--role", "admin", "--unit", "DB", "--hq", "POLICE-HQ");

        Assert.Equal("adhoc-1", token.Subject);
        Assert.Equal(Roles.Admin, token.GetClaim(ClaimNames.Role).Value);
        Assert.Equal("DB", token.GetClaim(ClaimNames.Unit).Value);
        Assert.Equal("POLICE-HQ", token.GetClaim(ClaimNames.Headquarters).Value);
    }

    [Fact]
    public void Every_persona_is_a_human_role_and_officers_and_approvers_sit_where_their_role_says()
    {
        Assert.Equal(14, DevelopmentPersonas.All.Count);
        Assert.All(DevelopmentPersonas.All, p => Assert.Contains(p.Role, Roles.Human));
        Assert.All(DevelopmentPersonas.All.Where(p => p.Role == Roles.Officer), p => Assert.True(p.Unit is not null && p.Headquarters is null));
        Assert.All(DevelopmentPersonas.All.Where(p => p.Role == Roles.Approver), p => Assert.True(p.Unit is null && p.Headquarters is not null));
    }

    [Theory]
    [InlineData("PERSONA", "nobody-1")]
    [InlineData("--ttl", "atu-officer-1", "--ttl", "forever")]
    [InlineData("--role", "--subject", "x", "--role", "god")]
    [InlineData("--rank", "--subject", "x", "--role", "officer", "--unit", "ATU", "--rank", "legal")]
    [InlineData("--rank", "phq-approver-1", "--rank", "legal")]
    public async Task A_bad_token_request_is_a_usage_error(string option, params string[] args)
    {
        var run = await CliRun.ExecuteAsync(["token", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
    }
}
