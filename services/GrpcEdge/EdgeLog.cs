using Microsoft.Extensions.Logging;

namespace DataBroker.GrpcEdge;

internal static partial class EdgeLog
{
    public const string Category = "DataBroker.GrpcEdge";

    // One bounded line, no stack trace: a malformed message is the caller's fault, and a probe sends thousands.
    [LoggerMessage(EventId = 1, EventName = "UnreadableRequest", Level = LogLevel.Information,
        Message = "{Method}: request refused as INVALID_ARGUMENT: {Reason}")]
    public static partial void Refused(ILogger logger, string method, string reason);
}
