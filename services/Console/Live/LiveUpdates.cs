using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Grpc.Core;
using GrpcStatusCode = Grpc.Core.StatusCode;

namespace DataBroker.WebConsole.Live;

/// <summary>
/// Server-sent events that tell a page its list changed; the page then reloads the list's rows from the server
/// (rendered and encoded by Razor like the rest). An event carries no data at all, so nothing leaks through it.
/// </summary>
public static partial class LiveUpdates
{
    private static readonly TimeSpan MinePoll = TimeSpan.FromSeconds(2);

    public static WebApplication MapLiveUpdates(this WebApplication app)
    {
        app.MapGet("/live/pending", PendingAsync).RequireAuthorization(Hosting.ConsoleHost.ApproverPolicy);
        app.MapGet("/live/mine", MineAsync).RequireAuthorization(Hosting.ConsoleHost.OfficerPolicy);
        app.MapGet("/live/alerts", AlertsAsync).RequireAuthorization(Hosting.ConsoleHost.OversightPolicy);
        // Anyone signed in: the broker's Watch decides per request who may follow it (the requester, the HQ's approvers).
        app.MapGet("/live/request", RequestAsync);
        return app;
    }

    /// <summary>Follows the broker's WatchPending stream for the person's HQ.</summary>
    private static Task PendingAsync(HttpContext http, BrokerSession broker, ILoggerFactory loggers) =>
        FollowAsync(http, loggers, "pending", async until =>
        {
            using var call = broker.Approvals.WatchPending(new WatchPendingRequest(), await broker.StreamAsync(until));
            var synced = false;
            await foreach (var update in call.ResponseStream.ReadAllAsync(until))
            {
                if (update.Kind == PendingEventKind.Synced)
                    synced = true;
                else if (synced)
                    await SendAsync(http, "changed");
            }
        });

    /// <summary>Follows the broker's WatchAlerts stream: each alert raised from now on says the list changed.</summary>
    private static Task AlertsAsync(HttpContext http, BrokerSession broker, ILoggerFactory loggers) =>
        FollowAsync(http, loggers, "alerts", async until =>
        {
            using var call = broker.Oversight.WatchAlerts(new WatchAlertsRequest { Recent = 0 }, await broker.StreamAsync(until));
            await foreach (var _ in call.ResponseStream.ReadAllAsync(until))
                await SendAsync(http, "changed");
        });

    /// <summary>
    /// Follows the broker's Watch of one request: each version newer than the page's says it changed, and the broker's
    /// end of the stream (a final state) says nothing more will.
    /// </summary>
    private static Task RequestAsync(HttpContext http, BrokerSession broker, ILoggerFactory loggers, string? id, long? version) =>
        FollowAsync(http, loggers, "request", async until =>
        {
            var shown = version ?? 0;
            using var call = broker.Requests.Watch(new WatchRequest { RequestId = id ?? "" }, await broker.StreamAsync(until));
            await foreach (var update in call.ResponseStream.ReadAllAsync(until))
            {
                if (update.Request.Version <= shown)
                    continue;
                shown = update.Request.Version;
                await SendAsync(http, "changed");
            }
            await SendAsync(http, "final");
        });

    /// <summary>The broker has no stream of one officer's requests; re-read the list and say when it changed.</summary>
    private static Task MineAsync(HttpContext http, BrokerSession broker, TimeProvider time, ILoggerFactory loggers) =>
        FollowAsync(http, loggers, "mine", async until =>
        {
            string? last = null;
            while (!until.IsCancellationRequested)
            {
                var mine = await broker.Requests.ListMineAsync(new ListMineRequest { PageSize = 50 }, await broker.UnaryAsync(until));
                var fingerprint = string.Join(",", mine.Requests.Select(r => r.RequestId + "@" + r.Version + "/" + (int)r.State));
                if (last is not null && fingerprint != last)
                    await SendAsync(http, "changed");
                last = fingerprint;
                await Task.Delay(MinePoll, time, until);
            }
        });

    /// <summary>
    /// Runs one live stream inside its window: a broker refusal ends it with "ended" (logged by status); the idle
    /// timeout ends it with "idle"; the page going away ends it quietly.
    /// </summary>
    private static async Task FollowAsync(HttpContext http, ILoggerFactory loggers, string stream, Func<CancellationToken, Task> follow)
    {
        using var window = LiveWindow(http);
        var until = window.Token;
        await StartAsync(http);
        try
        {
            await follow(until);
        }
        catch (RpcException e) when (e.StatusCode != StatusCode.Cancelled && !until.IsCancellationRequested)
        {
            LogStreamEnded(loggers.CreateLogger(typeof(LiveUpdates)), stream, e.StatusCode);
            await SendAsync(http, "ended");
        }
        catch (Exception e) when (e is OperationCanceledException or RpcException && until.IsCancellationRequested)
        {
            await EndWindowAsync(http);
        }
    }

    /// <summary>
    /// A live stream lasts no longer than the idle timeout: what it triggers is not the person's activity (it does not
    /// renew the session either), so an unattended page stops following the broker, and says so, when the session
    /// it belongs to would have lapsed. The token ends with the page, or at the idle timeout.
    /// </summary>
    private static CancellationTokenSource LiveWindow(HttpContext http)
    {
        var options = http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hosting.ConsoleOptions>>().Value;
        var time = http.RequestServices.GetRequiredService<TimeProvider>();
        var idle = new CancellationTokenSource(options.IdleTimeout, time);
        http.Response.RegisterForDispose(idle);
        return CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, idle.Token);
    }

    /// <summary>The window closed: if the page is still there, it was the idle timeout, and the page is told.</summary>
    private static async Task EndWindowAsync(HttpContext http)
    {
        if (http.RequestAborted.IsCancellationRequested)
            return;
        try
        {
            await SendAsync(http, "idle");
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            // The page went away meanwhile.
        }
    }

    private static async Task StartAsync(HttpContext http)
    {
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private static async Task SendAsync(HttpContext http, string eventName)
    {
        await http.Response.WriteAsync($"event: {eventName}\ndata: {{}}\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    [LoggerMessage(EventId = 1, EventName = "LiveStreamEnded", Level = LogLevel.Information, Message = "Live {Stream} stream ended by the broker: {Status}")]
    private static partial void LogStreamEnded(ILogger logger, string stream, StatusCode status);
}
