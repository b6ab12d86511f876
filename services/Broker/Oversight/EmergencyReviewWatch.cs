using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Oversight;

/// <summary>Looks for emergency reviews past their deadline and raises their alerts; every replica runs it, each alert is raised once.</summary>
public sealed partial class EmergencyReviewWatch(EmergencyReviews reviews, IOptions<EmergencyOptions> options, TimeProvider time,
    ILogger<EmergencyReviewWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reviews.AlertOverdueAsync(stoppingToken);
                await Task.Delay(options.Value.ScanInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception e)
            {
                LogScanFailed(logger, e.GetType().Name);
                await Task.Delay(options.Value.ScanInterval, time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    [LoggerMessage(EventId = 42, EventName = "EmergencyScanFailed", Level = LogLevel.Warning, Message = "Overdue emergency review scan failed ({Error})")]
    private static partial void LogScanFailed(ILogger logger, string error);
}
