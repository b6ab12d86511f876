using System.Runtime.CompilerServices;
using System.Threading.Channels;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// One watcher's live alerts: listening starts when the feed is made, so whatever is raised after that reaches
/// it; <see cref="ReadAllAsync"/> then sends the recent alerts and after them the live ones, each once (an alert
/// raised between listening and reading the recent ones arrives in both and is sent once). A slow watcher loses
/// the oldest live alerts past <see cref="Backlog"/> rather than holding memory without bound.
/// </summary>
public sealed class AlertFeed : IDisposable
{
    public const int Backlog = 1024;

    private readonly IAlertStore _alerts;
    private readonly Func<Alert, bool> _hears;
    private readonly Channel<Alert> _live = Channel.CreateBounded<Alert>(
        new BoundedChannelOptions(Backlog) { FullMode = BoundedChannelFullMode.DropOldest });

    internal AlertFeed(IAlertStore alerts, Func<Alert, bool> hears)
    {
        (_alerts, _hears) = (alerts, hears);
        alerts.Raised += OnRaised;
    }

    /// <summary>The latest <paramref name="recent"/> alerts the watcher may hear (at most 1000), then every new one until cancelled.</summary>
    public async IAsyncEnumerable<Alert> ReadAllAsync(int recent, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sent = new HashSet<string>(StringComparer.Ordinal);
        foreach (var alert in (await _alerts.RecentAsync(Math.Clamp(recent, 0, 1000), cancellationToken)).Where(_hears))
        {
            sent.Add(alert.AlertId);
            yield return alert;
        }
        await foreach (var alert in _live.Reader.ReadAllAsync(cancellationToken))
        {
            if (!sent.Remove(alert.AlertId))
                yield return alert;
        }
    }

    public void Dispose()
    {
        _alerts.Raised -= OnRaised;
        _live.Writer.TryComplete();
    }

    private void OnRaised(Alert alert)
    {
        if (_hears(alert))
            _live.Writer.TryWrite(alert);
    }
}
