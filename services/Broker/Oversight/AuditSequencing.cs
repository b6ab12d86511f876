using DataBroker.Broker.Domain.Audit;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Oversight;

/// <summary>Runs this broker's <see cref="AuditSequencer"/> every <see cref="AuditOptions.SequencerInterval"/> until the host stops.</summary>
public sealed partial class AuditSequencing(AuditSequencer sequencer, IOptions<AuditOptions> options, TimeProvider time,
    ILogger<AuditSequencing> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sequencer.CatchUpAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The events stay in their streams: the next fold picks them up.
                LogFoldFailed(logger, e.GetType().Name, e.Message);
            }
            try
            {
                await Task.Delay(options.Value.SequencerInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(EventId = 40, EventName = "AuditFoldFailed", Level = LogLevel.Warning, Message = "Audit fold failed ({Error}): {Message}")]
    private static partial void LogFoldFailed(ILogger logger, string error, string message);
}
