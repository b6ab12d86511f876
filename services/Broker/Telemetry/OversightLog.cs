using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Telemetry;

/// <summary>Oversight's operator messages as log lines, under the event ids and names they have always had.</summary>
public sealed partial class OversightLog(ILogger<OversightLog> logger) : IOversightLog
{
    public void RulesFailed(string kind, string requestId, string error) => LogRulesFailed(logger, kind, requestId, error);

    public void RefusalAuditFailed(string method, string error) => LogRefusalAuditFailed(logger, method, error);

    public void HeadNotGenuine(string chain) => LogHeadNotGenuine(logger, chain);

    public void PatternRulesFailed(int count, string error, string message) => LogPatternRulesFailed(logger, count, error, message);

    public void PatternEventsDropped(int count) => LogPatternEventsDropped(logger, count);

    public void PatternPartiesLost(int count, int attempts) => LogPatternPartiesLost(logger, count, attempts);

    [LoggerMessage(EventId = 41, EventName = "InsiderRulesFailed", Level = LogLevel.Error,
        Message = "Insider rules on {Kind} of {RequestId} failed ({Error}); the change stands, alerts may be missing")]
    private static partial void LogRulesFailed(ILogger logger, string kind, string requestId, string error);

    [LoggerMessage(EventId = 43, EventName = "RefusalAuditFailed", Level = LogLevel.Warning, Message = "Could not audit a refusal of {Method} ({Error})")]
    private static partial void LogRefusalAuditFailed(ILogger logger, string method, string error);

    [LoggerMessage(EventId = 49, EventName = "AuditHeadNotGenuine", Level = LogLevel.Error,
        Message = "The head of audit chain {Chain} is not genuine; no checkpoint is signed over it. Run VerifyAudit.")]
    private static partial void LogHeadNotGenuine(ILogger logger, string chain);

    [LoggerMessage(EventId = 45, EventName = "PatternRulesFailed", Level = LogLevel.Error,
        Message = "Pattern rules on {Count} chained events failed ({Error}: {Message}); kept for the next batch")]
    private static partial void LogPatternRulesFailed(ILogger logger, int count, string error, string message);

    [LoggerMessage(EventId = 46, EventName = "PatternEventsDropped", Level = LogLevel.Error,
        Message = "Pattern rules dropped the {Count} oldest unprocessed events: the store has been failing for too long")]
    private static partial void LogPatternEventsDropped(ILogger logger, int count);

    [LoggerMessage(EventId = 47, EventName = "PatternPartiesLost", Level = LogLevel.Error,
        Message = "Pattern rules gave up {Count} parties' updates of one batch: other brokers wrote them {Attempts} times in a row while it merged")]
    private static partial void LogPatternPartiesLost(ILogger logger, int count, int attempts);
}
