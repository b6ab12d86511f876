using System.Diagnostics;
using System.Net;
using DataBroker.Broker.Tests.Storage;
using DataBroker.Broker.Tests.Support;
using DataBroker.Broker.Telemetry;
using DataBroker.Identity;
using DataBroker.Observability;
using Grpc.Core;
using StatusCode = Grpc.Core.StatusCode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Observability;

/// <summary>
/// Traces, metrics and logs of a whole flow over the Redis store, exported in memory through the real
/// OpenTelemetry pipeline: what an operator needs is there, and nothing that names a citizen or a token is.
/// </summary>
[Collection(RedisCollection.Name)]
public sealed class TelemetryTests(RedisServerFixture redis) : IAsyncLifetime, IDisposable
{
    private readonly Captured<Activity> _spans = new();
    private readonly Captured<Metric> _metrics = new();
    private readonly CapturedLogs _logs = new();
    private SuiteHost _suite = null!;

    public async Task InitializeAsync() => _suite = await SuiteHost.StartAsync(redis.Options.ConnectionString,
        new Dictionary<string, string?> { ["Broker:Store:SubjectKey"] = redis.Options.SubjectKey }, builder =>
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(_spans));
            builder.Services.ConfigureOpenTelemetryMeterProvider(m => m.AddInMemoryExporter(_metrics));
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(_logs);
        });

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task A_flow_leaves_no_subject_identifier_record_field_or_token_in_spans_metrics_or_logs()
    {
        var nid = _suite.Population.NidOf(4242);
        var msisdn = _suite.Population.PrimaryMsisdnOf(4242);
        var officerToken = _suite.Tokens.Mint(Audiences.Broker, TimeSpan.FromMinutes(10), "rab6-officer-1", [Roles.Officer], "RAB-6");
        var officer = SuiteHost.Bearer(officerToken);

        var (id, fetched) = await FlowAsync(officer, Requests.Submit(nid, RecordsProto.Category.NidDetails, RecordsProto.Category.CallRecords));
        // A second subject by MSISDN, so both kinds of identifier pass through every layer.
        var byMsisdn = Requests.Submit(nid);
        byMsisdn.Subject = new BrokerProto.Subject { Msisdn = msisdn };
        await _suite.Requests.SubmitAsync(byMsisdn, officer).ResponseAsync.DefaultTimeout();
        await FlushAsync();

        var secrets = new List<string> { nid, msisdn, officerToken, fetched.NidDetails.FullName, fetched.NidDetails.FatherName };
        secrets.AddRange(fetched.CallRecords.Take(3).Select(c => c.Callee));
        Assert.NotEmpty(_spans);
        Assert.NotEmpty(_logs.Lines);
        foreach (var secret in secrets.Where(s => !string.IsNullOrEmpty(s)))
        {
            Assert.DoesNotContain(_spans, span => SpanText(span).Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(MetricTagText(), text => text.Contains(secret, StringComparison.Ordinal));
            Assert.DoesNotContain(_logs.Lines, line => line.Contains(secret, StringComparison.Ordinal));
        }
        Assert.Contains(_spans, span => span.Tags.Any(t => t.Key == CallTelemetryInterceptor.RequestIdTag && t.Value == id));
    }

    [Fact]
    public async Task Every_call_of_one_request_is_tagged_with_its_request_id_and_its_trace_holds_the_redis_commands()
    {
        var officer = _suite.As("rab6-officer-1", Roles.Officer, unit: "RAB-6");
        var (id, _) = await FlowAsync(officer, Requests.Submit(_suite.Population.NidOf(7), RecordsProto.Category.CallRecords));

        // Both in-process services' providers listen to every source, so each span is exported twice here.
        Activity[] spans, tagged;
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        do
        {
            // A server span ends after its response is written: on a loaded machine the last one may lag.
            await FlushAsync();
            spans = [.. _spans.DistinctBy(s => s.SpanId)];
            tagged = [.. spans.Where(s => s.GetTagItem(CallTelemetryInterceptor.RequestIdTag) as string == id)];
        }
        while (tagged.Length < 4 && !patience.IsCancellationRequested);
        // Submit, two decisions, fetch: one server span each.
        Assert.Equal(4, tagged.Length);
        var fetch = tagged.Single(s => s.DisplayName.Contains("Fetch", StringComparison.Ordinal));
        var children = spans.Where(s => s.TraceId == fetch.TraceId && s.SpanId != fetch.SpanId).ToArray();
        // The fetch's trace holds its Redis commands. (The hop to the records service is propagated by
        // SocketsHttpHandler in the real processes; the in-process TestServer handler here does not propagate.)
        Assert.Contains(children, s => s.Source.Name.Contains("Redis", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Calls_are_counted_by_method_and_status_and_records_calls_and_pending_depth_are_measured()
    {
        var officer = _suite.As("rab6-officer-1", Roles.Officer, unit: "RAB-6");
        await FlowAsync(officer, Requests.Submit(_suite.Population.NidOf(8)));
        var missing = await Assert.ThrowsAsync<RpcException>(() =>
            _suite.Requests.GetAsync(new BrokerProto.GetRequest { RequestId = "RAB-6.0000000000000000000000000" }, officer).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.NotFound, missing.StatusCode);
        await _suite.Requests.SubmitAsync(Requests.Submit(_suite.Population.NidOf(9)), officer).ResponseAsync.DefaultTimeout();
        await FlushAsync(waitForPendingSample: true);

        var calls = Points("databroker.rpc.server.calls").ToArray();
        Assert.Contains(calls, p => Tag(p, "rpc.method") == "/databroker.broker.v1.RequestService/Submit" && Tag(p, "rpc.grpc.status_code") == "0");
        Assert.Contains(calls, p => Tag(p, "rpc.method") == "/databroker.broker.v1.RequestService/Get" && Tag(p, "rpc.grpc.status_code") == "5");
        Assert.Contains(calls, p => Tag(p, "rpc.method") == "/databroker.records.v1.RecordsService/Lookup" && Tag(p, "rpc.grpc.status_code") == "0");
        Assert.Contains(Points("databroker.records.call.duration"), p => Tag(p, "outcome") == "ok");
        Assert.Contains(Points("databroker.records.calls.in_flight"), p => p.GetSumLong() == 0);
        // The depth is sampled every PendingDepthSampler.Interval: on a loaded machine a sample may come late.
        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        while (!Points("databroker.requests.pending").Any(PendingInRab6) && !patience.IsCancellationRequested)
            await FlushAsync();
        Assert.Contains(Points("databroker.requests.pending"), PendingInRab6);

        static bool PendingInRab6(MetricPoint p) => Tag(p, "unit") == "RAB-6" && p.GetGaugeLastValueLong() >= 1;
    }

    [Fact]
    public async Task Prometheus_scrapes_over_http1_without_a_token_and_never_over_the_grpc_http2_endpoint()
    {
        var officer = _suite.As("atu-officer-1", Roles.Officer, unit: "ATU");
        await _suite.Requests.SubmitAsync(Requests.Submit(_suite.Population.NidOf(10)), officer).ResponseAsync.DefaultTimeout();
        using var client = _suite.BrokerApp.GetTestServer().CreateClient();

        using var http1 = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/metrics") { Version = HttpVersion.Version11 }).DefaultTimeout();
        var text = await http1.Content.ReadAsStringAsync().DefaultTimeout();
        Assert.Equal(HttpStatusCode.OK, http1.StatusCode);
        Assert.Contains("databroker_rpc_server_calls", text, StringComparison.Ordinal);

        using var http2 = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/metrics") { Version = HttpVersion.Version20 }).DefaultTimeout();
        Assert.NotEqual(HttpStatusCode.OK, http2.StatusCode);
    }

    private async Task<(string Id, BrokerProto.FetchResponse Fetched)> FlowAsync(Metadata officer, BrokerProto.SubmitRequest submit)
    {
        var id = (await _suite.Requests.SubmitAsync(submit, officer).ResponseAsync.DefaultTimeout()).Request.RequestId;
        var approvals = id.StartsWith("RAB", StringComparison.Ordinal)
            ? new[] { ("rabhq-approver-1", "RAB-HQ", ApproverRanks.Supervisor), ("rabhq-approver-2", "RAB-HQ", ApproverRanks.Legal) }
            : [("phq-approver-1", "POLICE-HQ", ApproverRanks.Supervisor), ("phq-approver-2", "POLICE-HQ", ApproverRanks.Legal)];
        var quorum = submit.Categories.Contains(RecordsProto.Category.CallRecords) ? 2 : 1;
        foreach (var (approver, hq, rank) in approvals.Take(quorum))
        {
            await _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = id, Decision = BrokerProto.Decision.Approve },
                _suite.As(approver, Roles.Approver, headquarters: hq, rank: rank)).ResponseAsync.DefaultTimeout();
        }
        var fetched = await _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = id }, officer).ResponseAsync.DefaultTimeout();
        return (id, fetched);
    }

    private async Task FlushAsync(bool waitForPendingSample = false)
    {
        if (waitForPendingSample)
            await Task.Delay(PendingDepthSampler.Interval + TimeSpan.FromSeconds(1));
        // Server spans end after the response is written: give the last one a moment.
        await Task.Delay(200);
        foreach (var services in new[] { _suite.BrokerServices, _suite.RecordsServices })
        {
            services.GetRequiredService<TracerProvider>().ForceFlush();
            services.GetRequiredService<MeterProvider>().ForceFlush();
        }
    }

    private IEnumerable<MetricPoint> Points(string name)
    {
        foreach (var metric in _metrics.Snapshot().Where(m => m.Name == name))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
                yield return point;
        }
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key)
                return Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture);
        }
        return null;
    }

    private IEnumerable<string> MetricTagText() =>
        _metrics.Snapshot().SelectMany(m => Points(m.Name)).Select(p => string.Join(" ", TagsOf(p)));

    private static List<string> TagsOf(MetricPoint point)
    {
        var tags = new List<string>();
        foreach (var tag in point.Tags)
            tags.Add($"{tag.Key}={tag.Value}");
        return tags;
    }

    private static string SpanText(Activity span) =>
        string.Join(" ", new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}")))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}")));
}
