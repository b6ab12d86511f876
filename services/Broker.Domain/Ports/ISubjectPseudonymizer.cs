using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// A keyed, one-way name for a subject, so the audit trail can say "the same citizen" without being a
/// copy of citizens' identifiers; whoever holds the key can ask about a given NID or MSISDN.
/// </summary>
public interface ISubjectPseudonymizer
{
    string Pseudonym(Subject subject);
}
