using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>Who touched a citizen: the question goes on the record first, then every chain's entries about them.</summary>
public sealed class SubjectAccess(IAuditJournal journal, ISubjectPseudonymizer pseudonyms, AuditTrail trail, TimeProvider time)
{
    public async Task<IReadOnlyList<ChainEntry>> AccessAsync(Officer overseer, Subject subject, CancellationToken cancellationToken)
    {
        var pseudonym = pseudonyms.Pseudonym(subject);
        // Asking about a citizen is itself on the record, before the answer is given.
        await journal.AppendAsync(new AuditEvent(OversightAuditKinds.SubjectQuery, overseer.Unit ?? "", "", overseer.Id, time.GetUtcNow(),
            new Dictionary<string, string>(StringComparer.Ordinal) { [ChainDetails.SubjectHmac] = pseudonym }), cancellationToken);
        return await trail.OfSubjectAsync(pseudonym, cancellationToken);
    }
}
