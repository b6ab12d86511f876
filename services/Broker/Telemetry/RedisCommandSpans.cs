using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using OpenTelemetry;
using StackExchange.Redis.Profiling;

namespace DataBroker.Broker.Telemetry;

/// <summary>
/// One client span per Redis command of a call whose trace is kept, as children of that call's span. Only a
/// recorded span gets a profiling session: for a call the sampler dropped (99% under the load profile)
/// StackExchange.Redis profiles nothing at all. (The OpenTelemetry Redis instrumentation this replaces profiled
/// every command of every call and turned each into a span the sampler then dropped, on a thread of its own: about
/// 2% of the broker's CPU per Submit in the profile of 2026-12-02 night.) A span names the command only: never a
/// key or an argument, which carry unit, requester and request ids.
/// </summary>
public sealed class RedisCommandSpans : BaseProcessor<Activity>
{
    public const string SourceName = "DataBroker.Redis";

    /// <summary>How many ended spans between two sweeps of sessions a finished span left behind.</summary>
    private const int SweepEvery = 1024;

    private static readonly ActivitySource Source = new(SourceName);

    private readonly ConcurrentDictionary<Activity, ProfilingSession> _sessions = new();
    private int _ended;

    /// <summary>How many spans have a profiling session open now (for tests).</summary>
    public int OpenSessions => _sessions.Count;

    /// <summary>StackExchange.Redis's profiler: the session of the current span when it is recorded and still running, else none.</summary>
    public ProfilingSession? SessionOfCurrentSpan()
    {
        if (Activity.Current is not { Recorded: true } parent || parent.Duration != TimeSpan.Zero || parent.Source == Source)
            return null;
        return _sessions.GetOrAdd(parent, static _ => new ProfilingSession());
    }

    public override void OnEnd(Activity data)
    {
        if (_sessions.TryRemove(data, out var session))
            Emit(data, session);
        // A command may have opened a session just as its span ended; such sessions are drained here.
        if (Interlocked.Increment(ref _ended) % SweepEvery == 0)
            SweepEnded();
    }

    protected override bool OnForceFlush(int timeoutMilliseconds)
    {
        SweepEnded();
        return true;
    }

    private void SweepEnded()
    {
        foreach (var (span, _) in _sessions)
        {
            if (span.Duration != TimeSpan.Zero && _sessions.TryRemove(span, out var session))
                Emit(span, session);
        }
    }

    private static void Emit(Activity parent, ProfilingSession session)
    {
        foreach (var command in session.FinishProfiling())
        {
            var started = new DateTimeOffset(DateTime.SpecifyKind(command.CommandCreated, DateTimeKind.Utc));
            using var span = Source.StartActivity(command.Command, ActivityKind.Client, parent.Context, startTime: started);
            if (span is null)
                continue;
            span.SetTag("db.system.name", "redis");
            span.SetTag("db.operation.name", command.Command);
            if (command.EndPoint is IPEndPoint ip)
            {
                span.SetTag("server.address", ip.Address.ToString());
                span.SetTag("server.port", ip.Port);
            }
            else if (command.EndPoint is DnsEndPoint dns)
            {
                span.SetTag("server.address", dns.Host);
                span.SetTag("server.port", dns.Port);
            }
            span.SetEndTime(started.UtcDateTime + command.ElapsedTime);
        }
    }
}
