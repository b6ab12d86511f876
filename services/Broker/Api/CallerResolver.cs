using DataBroker.Broker.Domain.Organisation;
using DataBroker.Identity;
using Grpc.Core;

namespace DataBroker.Broker.Api;

/// <summary>
/// Turns the validated token of a call into the <see cref="Officer"/> every operation receives.
/// Identity comes only from the signed token, never from a request field.
/// </summary>
public sealed class CallerResolver(OrganisationChart organisation)
{
    public Officer Resolve(ServerCallContext context)
    {
        var user = context.GetHttpContext().User;
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
            user.FindFirst(ClaimNames.Headquarters)?.Value);
        return officer ?? throw new RpcException(new Status(StatusCode.PermissionDenied,
            "Your credential names no known role, or a unit or headquarters this broker does not know."));
    }
}
