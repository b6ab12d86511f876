using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>The audit events a plan's requests would commit, in time order, as the workflow writes their details (a decision names its requester and submission, a disclosure its approvers).</summary>
internal static class PlanEvents
{
    public static List<AuditEvent> Of(IEnumerable<PlannedRequest> plan)
    {
        var events = new List<AuditEvent>();
        var n = 0;
        foreach (var r in plan)
        {
            var id = $"{r.Unit}.req-{n++}";
            var emergency = r.Emergency ? new Dictionary<string, string> { ["emergency"] = "true" } : [];
            events.Add(new AuditEvent(AuditKinds.Submitted, r.Unit, id, r.Officer, r.SubmitAt, With(emergency, r)));
            if (r.Emergency)
                events.Add(new AuditEvent(AuditKinds.AutoGranted, r.Unit, id, "system", r.SubmitAt.AddMinutes(5),
                    new Dictionary<string, string>(emergency) { [ChainDetails.Requester] = r.Officer }));
            for (var i = 0; i < r.Decisions.Count; i++)
            {
                var d = r.Decisions[i];
                var kind = !d.Approve ? AuditKinds.Rejected : i == r.Decisions.Count - 1 ? AuditKinds.Approved : AuditKinds.Approval;
                events.Add(new AuditEvent(kind, r.Unit, id, d.Approver, d.At, new Dictionary<string, string>(emergency)
                {
                    [ChainDetails.Requester] = r.Officer,
                    [ChainDetails.SubmittedAt] = r.SubmitAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                }));
            }
            if (r.FetchAt is { } fetched)
            {
                var details = With(emergency, r);
                details[ChainDetails.Approvers] = string.Join(',', r.Decisions.Where(d => d.Approve).Select(d => d.Approver));
                if (r.ThirdParties > 0)
                    details["third_party_numbers"] = r.ThirdParties.ToString(System.Globalization.CultureInfo.InvariantCulture);
                events.Add(new AuditEvent(AuditKinds.Disclosed, r.Unit, id, r.Officer, fetched, details));
            }
        }
        return [.. events.OrderBy(e => e.At)];
    }

    private static Dictionary<string, string> With(Dictionary<string, string> emergency, PlannedRequest r) => new(emergency)
    {
        ["requester"] = r.Officer,
        ["case_reference"] = r.Case,
        ["subject_hmac"] = "citizen-" + r.Citizen,
    };
}
