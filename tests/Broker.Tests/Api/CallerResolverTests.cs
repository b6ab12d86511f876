using System.Security.Claims;
using DataBroker.Broker.Api;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Identity;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DataBroker.Broker.Tests.Api;

/// <summary>The suspension interceptor and the service both ask who is calling: the call's token is read once.</summary>
public sealed class CallerResolverTests
{
    private readonly CallerResolver _callers = new(OrganisationChart.Default);

    [Fact]
    public void A_call_is_resolved_once_and_asked_again_gets_the_same_officer()
    {
        var call = Call("atu-officer-1", Roles.Officer, "ATU");
        var first = _callers.Resolve(call);
        Assert.Same(first, _callers.Resolve(call));
        Assert.Equal(new Officer("atu-officer-1", Role.Officer, "ATU", "POLICE-HQ"), first);
    }

    [Fact]
    public void Another_call_is_resolved_from_its_own_token()
    {
        var first = _callers.Resolve(Call("atu-officer-1", Roles.Officer, "ATU"));
        var second = _callers.Resolve(Call("atu-officer-2", Roles.Officer, "ATU"));
        Assert.Equal("atu-officer-2", second.Id);
        Assert.NotSame(first, second);
    }

    [Fact]
    public void An_unknown_unit_is_refused_on_every_ask()
    {
        var call = Call("x-officer-1", Roles.Officer, "NOT-A-UNIT");
        Assert.Equal(StatusCode.PermissionDenied, Assert.Throws<RpcException>(() => _callers.Resolve(call)).StatusCode);
        Assert.Equal(StatusCode.PermissionDenied, Assert.Throws<RpcException>(() => _callers.Resolve(call)).StatusCode);
    }

    [Theory]
    [InlineData("supervisor", "supervisor")]
    [InlineData("supervisor,supervisor", "supervisor")]
    // Two different ranks are ambiguous: none counts (fail closed).
    [InlineData("supervisor,legal", null)]
    [InlineData("", null)]
    public void An_approver_s_rank_is_the_token_s_one_rank(string ranks, string? expected)
    {
        var claims = new List<Claim>
        {
            new(ClaimNames.Subject, "phq-approver-9"), new(ClaimNames.Role, Roles.Approver), new(ClaimNames.Headquarters, "POLICE-HQ"),
        };
        claims.AddRange(ranks.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(rank => new Claim(ClaimNames.ApproverRank, rank)));
        var call = new DefaultHttpContext { User = new ClaimsPrincipal(new ClaimsIdentity(claims, "Bearer")) };
        Assert.Equal(expected, _callers.Resolve(call).Rank);
    }

    private static DefaultHttpContext Call(string subject, string role, string unit) => new()
    {
        User = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimNames.Subject, subject), new Claim(ClaimNames.Role, role), new Claim(ClaimNames.Unit, unit)], "Bearer")),
    };
}
