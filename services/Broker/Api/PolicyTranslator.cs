using DataBroker.Broker.Domain.Policy;
using Google.Protobuf.WellKnownTypes;
using Proto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Api;

/// <summary>The domain's approval policy as its message. Domain enums share the wire numbers.</summary>
public static class PolicyTranslator
{
    public static Proto.ApprovalPolicy ToMessage(AuthorisationPolicy policy)
    {
        var message = new Proto.ApprovalPolicy { Version = policy.Version, GrantTtl = Duration.FromTimeSpan(policy.GrantTtl) };
        foreach (var rule in policy.Approvals.OrderBy(r => r.Category).ThenBy(r => r.Urgency ?? 0))
        {
            var item = new Proto.ApprovalRule
            {
                Category = (RecordsProto.Category)(int)rule.Category,
                Urgency = rule.Urgency is { } urgency ? (Proto.Urgency)(int)urgency : Proto.Urgency.Unspecified,
                Quorum = rule.Quorum,
            };
            item.Ranks.AddRange(rule.Ranks);
            if (rule.GrantTtl is { } ttl)
                item.GrantTtl = Duration.FromTimeSpan(ttl);
            message.ApprovalRules.Add(item);
        }
        foreach (var basis in policy.LegalBases.OrderBy(b => b.LegalBasis))
        {
            var item = new Proto.LegalBasisRule
            {
                LegalBasis = (Proto.LegalBasis)(int)basis.LegalBasis,
                MaxCdrWindow = Duration.FromTimeSpan(basis.MaxCdrWindow),
            };
            item.Categories.AddRange(basis.Categories.Order().Select(c => (RecordsProto.Category)(int)c));
            message.LegalBasisRules.Add(item);
        }
        return message;
    }
}
