using Microsoft.Extensions.Logging;

namespace DataBroker.Records.Hosting;

/// <summary>The records service's own log events. None carries a token, an identifier or a record field.</summary>
internal static partial class RecordsLog
{
    /// <summary>Startup events log under this category, which appsettings lets through at Information.</summary>
    public const string StartupCategory = "DataBroker.Records.Startup";

    [LoggerMessage(EventId = 1, EventName = "RecordsReady", Level = LogLevel.Information,
        Message = "Records service ready: {Citizens} synthetic citizens")]
    public static partial void Ready(ILogger logger, long citizens);

    [LoggerMessage(EventId = 2, EventName = "DevelopmentBrokerKey", Level = LogLevel.Warning,
        Message = "Trusting the committed development broker key; this is acceptable in Development only")]
    public static partial void DevelopmentBrokerKey(ILogger logger);
}
