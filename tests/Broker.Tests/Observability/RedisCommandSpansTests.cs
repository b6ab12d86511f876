using System.Diagnostics;
using DataBroker.Broker.Telemetry;
using DataBroker.Broker.Tests.Storage;
using StackExchange.Redis;

namespace DataBroker.Broker.Tests.Observability;

/// <summary>
/// Redis commands are profiled only under a span whose trace is kept: a call the sampler dropped costs
/// StackExchange.Redis no profiling at all, and a kept call's commands become its children, naming the command only.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class RedisCommandSpansTests : IDisposable
{
    private readonly RedisServerFixture _redis;
    private readonly ActivitySource _calls = new("RedisCommandSpansTests." + Guid.NewGuid().ToString("N"));
    private readonly List<Activity> _redisSpans = [];
    private readonly ActivityListener _listener;
    private bool _record = true;

    public RedisCommandSpansTests(RedisServerFixture redis)
    {
        _redis = redis;
        // Stands in for the tracer provider's sampler: this test's calls are kept or dropped as _record says.
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source == _calls || source.Name == RedisCommandSpans.SourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> options) =>
                options.Source == _calls && !_record ? ActivitySamplingResult.PropagationData : ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = span =>
            {
                if (span.Source.Name == RedisCommandSpans.SourceName)
                {
                    lock (_redisSpans)
                        _redisSpans.Add(span);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    [Fact]
    public void A_call_the_sampler_dropped_gets_no_profiling_session()
    {
        var spans = new RedisCommandSpans();
        Assert.Null(spans.SessionOfCurrentSpan());

        _record = false;
        using var dropped = _calls.StartActivity("dropped");
        Assert.NotNull(dropped);
        Assert.False(dropped.Recorded);
        Assert.Null(spans.SessionOfCurrentSpan());
        Assert.Equal(0, spans.OpenSessions);
    }

    [Fact]
    public void A_kept_call_has_one_session_until_its_span_ends_and_none_after()
    {
        var spans = new RedisCommandSpans();
        var kept = _calls.StartActivity("kept")!;
        Assert.True(kept.Recorded);
        var session = spans.SessionOfCurrentSpan();
        Assert.NotNull(session);
        Assert.Same(session, spans.SessionOfCurrentSpan());
        Assert.Equal(1, spans.OpenSessions);

        kept.Stop();
        spans.OnEnd(kept);
        Assert.Equal(0, spans.OpenSessions);
        // An ended span opens no new session (it would never be drained by its end).
        Activity.Current = kept;
        Assert.Null(spans.SessionOfCurrentSpan());
        Activity.Current = null;
    }

    [Fact]
    public async Task The_commands_of_a_kept_call_become_its_child_spans_naming_the_command_only()
    {
        var spans = new RedisCommandSpans();
        using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Options.ConnectionString);
        connection.RegisterProfiler(spans.SessionOfCurrentSpan);

        var kept = _calls.StartActivity("kept")!;
        await connection.GetDatabase().StringSetAsync("redis-command-spans:secret-key", "secret-value");
        kept.Stop();
        spans.OnEnd(kept);

        Activity[] mine;
        lock (_redisSpans)
            mine = [.. _redisSpans.Where(s => s.TraceId == kept.TraceId)];
        var set = Assert.Single(mine);
        Assert.Equal("SET", set.DisplayName);
        Assert.Equal(kept.SpanId, set.ParentSpanId);
        Assert.Equal(kept.TraceId, set.TraceId);
        Assert.Equal(ActivityKind.Client, set.Kind);
        Assert.True(set.Duration > TimeSpan.Zero);
        var text = string.Join(" ", set.Tags.Select(t => t.Key + "=" + t.Value));
        Assert.DoesNotContain("secret", text, StringComparison.Ordinal);
        Assert.Contains("db.operation.name=SET", text, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _listener.Dispose();
        _calls.Dispose();
    }
}
