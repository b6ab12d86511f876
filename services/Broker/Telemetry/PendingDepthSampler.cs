using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Telemetry;

/// <summary>
/// Reads each unit's pending count every few seconds for the gauge, so a scrape never waits on the store
/// and the store sees one cheap read per unit per interval, whatever the number of scrapers.
/// </summary>
public sealed partial class PendingDepthSampler(IRequestStore store, OrganisationChart organisation, BrokerMetrics metrics,
    TimeProvider time, ILogger<PendingDepthSampler> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (store is not IPendingDepth depth)
            return;
        var units = organisation.Headquarters.SelectMany(organisation.UnitsUnder).Distinct(StringComparer.Ordinal).ToArray();
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                var counts = await Task.WhenAll(units.Select(unit => depth.CountPendingAsync(unit, stoppingToken)));
                for (var i = 0; i < units.Length; i++)
                    metrics.SetPending(units[i], counts[i]);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The gauge keeps its last values; the store's own failures surface on the calls.
                LogSampleFailed(logger, e.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 30, EventName = "PendingSampleFailed", Level = LogLevel.Debug, Message = "Pending depth not sampled ({Error})")]
    private static partial void LogSampleFailed(ILogger logger, string error);
}
