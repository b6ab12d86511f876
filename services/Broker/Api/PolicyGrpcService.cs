using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace DataBroker.Broker.Api;

/// <summary>The approval policy in force, for any caller the broker recognises: the rules are no secret to those bound by them.</summary>
[Authorize]
public sealed class PolicyGrpcService(RequestRules rules, CallerResolver callers) : PolicyService.PolicyServiceBase
{
    public override Task<GetPolicyResponse> GetPolicy(GetPolicyRequest request, ServerCallContext context)
    {
        // A token the organisation does not recognise is refused here as on every other call.
        callers.Resolve(context);
        return Task.FromResult(new GetPolicyResponse { Policy = PolicyTranslator.ToMessage(rules.Policy) });
    }
}
