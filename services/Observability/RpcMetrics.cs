using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataBroker.Observability;

/// <summary>
/// Calls by method and gRPC status, and their duration. Labels carry only the method's full name and the
/// status code: never a caller, a request id or anything from a message.
/// </summary>
public sealed class RpcMetrics
{
    public const string MeterName = "DataBroker.Rpc";

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _duration;

    public RpcMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("databroker.rpc.server.calls", "{call}", "gRPC calls handled, by method and status.");
        _duration = meter.CreateHistogram<double>("databroker.rpc.server.duration", "s", "gRPC call duration, by method and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public void Record(string method, Grpc.Core.StatusCode status, TimeSpan elapsed)
    {
        var tags = new TagList { { "rpc.method", method }, { "rpc.grpc.status_code", (int)status } };
        _calls.Add(1, tags);
        _duration.Record(elapsed.TotalSeconds, tags);
    }
}
