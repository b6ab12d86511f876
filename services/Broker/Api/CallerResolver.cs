using DataBroker.Broker.Domain.Organisation;
using DataBroker.Identity;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DataBroker.Broker.Api;

/// <summary>
/// Turns the validated token of a call into the <see cref="Officer"/> every operation receives.
/// Identity comes only from the signed token, never from a request field. A call is resolved once: the
/// suspension interceptor and then the service both ask, and the second gets the first's answer.
/// </summary>
public sealed class CallerResolver(OrganisationChart organisation)
{
    private static readonly object Key = new();

    public Officer Resolve(ServerCallContext context) => Resolve(context.GetHttpContext());

    /// <summary>The call's officer, remembered on the call (its principal never changes once authenticated).</summary>
    public Officer Resolve(HttpContext http)
    {
        if (http.Items.TryGetValue(Key, out var known) && known is Officer resolved)
            return resolved;
        var officer = Recognise(http.User);
        http.Items[Key] = officer;
        return officer;
    }

    private Officer Recognise(System.Security.Claims.ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
            throw new RpcException(new Status(StatusCode.Unauthenticated, "A valid bearer token is required."));

        var roles = Role.None;
        foreach (var claim in user.FindAll(ClaimNames.Role))
        {
            roles |= claim.Value switch
            {
                Roles.Officer => Role.Officer,
                Roles.Approver => Role.Approver,
                Roles.Auditor => Role.Auditor,
                Roles.Admin => Role.Admin,
                _ => Role.None,
            };
        }
        var officer = organisation.Recognise(
            user.FindFirst(ClaimNames.Subject)?.Value ?? "",
            roles,
            user.FindFirst(ClaimNames.Unit)?.Value,
            user.FindFirst(ClaimNames.Headquarters)?.Value,
            Rank(user));
        return officer ?? throw new RpcException(new Status(StatusCode.PermissionDenied,
            "Your credential names no known role, or a unit or headquarters this broker does not know."));
    }

    /// <summary>The approver's one rank; a token naming two is ambiguous and counts as none (fail closed).</summary>
    private static string? Rank(System.Security.Claims.ClaimsPrincipal user)
    {
        string? rank = null;
        foreach (var claim in user.FindAll(ClaimNames.ApproverRank))
        {
            if (rank is null)
                rank = claim.Value;
            else if (!string.Equals(rank, claim.Value, StringComparison.Ordinal))
                return null;
        }
        return rank;
    }
}
