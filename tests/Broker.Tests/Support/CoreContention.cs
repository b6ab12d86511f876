namespace DataBroker.Broker.Tests.Support;

/// <summary>
/// Threads that spin on every core until disposed, so work handed to the thread pool can be taken off its core midway,
/// as under load: what makes an ordering race show in a test on an otherwise idle machine.
/// </summary>
public sealed class CoreContention : IDisposable
{
    private readonly CancellationTokenSource _stop = new();

    public CoreContention()
    {
        for (var i = 0; i < 2 * Environment.ProcessorCount; i++)
        {
            var token = _stop.Token;
            new Thread(() =>
            {
                while (!token.IsCancellationRequested)
                    Thread.SpinWait(100);
            }) { IsBackground = true }.Start();
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
    }
}
