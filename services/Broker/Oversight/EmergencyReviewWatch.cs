using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// Looks for emergency reviews past their deadline and raises their alerts, and records the auto-grant of
/// emergencies nobody read in time; every replica runs it, each alert is raised once.
/// </summary>
public sealed partial class EmergencyReviewWatch(EmergencyReviews reviews, IEmergencyReviews queue, RequestWorkflow workflow,
    IOptions<EmergencyOptions> options, TimeProvider time, ILogger<EmergencyReviewWatch> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await reviews.AlertOverdueAsync(stoppingToken);
                // Emergencies past their auto-grant time that nobody has read: record the grant (and so its alert) now.
                var due = time.GetUtcNow() - workflow.Rules.EmergencyAutoGrantAfter;
                foreach (var open in (await queue.OpenAsync(stoppingToken)).Where(r => r.SubmittedAt <= due && r.Justified is null))
                    await workflow.SettleAsync(open.RequestId, stoppingToken);
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
