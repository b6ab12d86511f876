using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Oversight;

/// <summary>Ends each minute of the <see cref="RefusalLog"/>: the refusals counted in it go on the trail as one entry per key.</summary>
public sealed class RefusalFlush(RefusalLog refusals, TimeProvider time) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(RefusalLog.Minute, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await refusals.FlushAsync(stoppingToken);
        }
    }
}
