using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DataBroker.Broker.Telemetry;

/// <summary>
/// The broker's own instruments (meter "DataBroker.Broker"): pending queue depth per unit, records calls
/// in flight and their duration by outcome. Labels are units and outcomes only, never people or subjects.
/// </summary>
public sealed class BrokerMetrics
{
    public const string MeterName = "DataBroker.Broker";

    private readonly ConcurrentDictionary<string, long> _pending = new(StringComparer.Ordinal);
    private readonly UpDownCounter<long> _recordsInFlight;
    private readonly Histogram<double> _recordsDuration;

    public BrokerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        meter.CreateObservableGauge("databroker.requests.pending", ObservePending, "{request}",
            "Requests awaiting approval, by unit (sampled every few seconds).");
        _recordsInFlight = meter.CreateUpDownCounter<long>("databroker.records.calls.in_flight", "{call}",
            "Calls to the records service now waiting for an answer.");
        _recordsDuration = meter.CreateHistogram<double>("databroker.records.call.duration", "s",
            "Calls to the records service, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
    }

    public void SetPending(string unit, long count) => _pending[unit] = count;

    /// <summary>Counts one records call from start to end: <c>using (metrics.RecordsCall()) ...</c>; mark it OK on success.</summary>
    public RecordsCallScope RecordsCall()
    {
        _recordsInFlight.Add(1);
        return new RecordsCallScope(this, Stopwatch.GetTimestamp());
    }

    private void EndRecordsCall(long started, bool ok)
    {
        _recordsInFlight.Add(-1);
        _recordsDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("outcome", ok ? "ok" : "error"));
    }

    private IEnumerable<Measurement<long>> ObservePending() =>
        _pending.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("unit", p.Key)));

    public sealed class RecordsCallScope(BrokerMetrics metrics, long started) : IDisposable
    {
        private bool _ok;
        private bool _ended;

        public void Succeeded() => _ok = true;

        public void Dispose()
        {
            if (_ended)
                return;
            _ended = true;
            metrics.EndRecordsCall(started, _ok);
        }
    }
}
