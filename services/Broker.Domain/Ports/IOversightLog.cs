namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// What oversight's use cases tell operators and never a caller: a rule that failed after its change committed,
/// a refusal that could not be recorded, a chain head that does not hold, pattern rules that fell behind.
/// </summary>
public interface IOversightLog
{
    void RulesFailed(string kind, string requestId, string error);

    void RefusalAuditFailed(string method, string error);

    void HeadNotGenuine(string chain);

    void PatternRulesFailed(int count, string error, string message);

    void PatternEventsDropped(int count);

    void PatternPartiesLost(int count, int attempts);
}
