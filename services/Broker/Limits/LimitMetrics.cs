using System.Diagnostics.Metrics;
using DataBroker.Broker.Domain.Limits;

namespace DataBroker.Broker.Limits;

/// <summary>
/// The limiter's instruments, on the meter <see cref="MeterName"/>. Tagged by rule only: never an
/// officer, unit or subject, which would both leak and explode cardinality.
/// </summary>
public sealed class LimitMetrics : ILimitObserver
{
    public const string MeterName = "DataBroker.Broker.Limits";

    private readonly Counter<long> _admitted;
    private readonly Counter<long> _limited;
    private readonly Counter<long> _nearLimit;
    private readonly Counter<long> _shadowWouldLimit;
    private readonly Counter<long> _recordsShed;

    public LimitMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _admitted = meter.CreateCounter<long>("databroker.limits.admitted", "{call}", "Calls a rule admitted (near-limit ones included).");
        _limited = meter.CreateCounter<long>("databroker.limits.limited", "{call}", "Calls a rule refused with RESOURCE_EXHAUSTED.");
        _nearLimit = meter.CreateCounter<long>("databroker.limits.near_limit", "{call}", "Admitted calls that left 20% or less of the rule's allowance.");
        _shadowWouldLimit = meter.CreateCounter<long>("databroker.limits.shadow_would_limit", "{call}",
            "Calls a rule in shadow mode admitted but would have refused.");
        _recordsShed = meter.CreateCounter<long>("databroker.limits.records_shed", "{call}",
            "Fetches refused UNAVAILABLE because the records service already had the maximum calls in flight.");
    }

    public void Observe(IReadOnlyList<LimitOutcome> outcomes)
    {
        foreach (var outcome in outcomes)
        {
            var rule = new KeyValuePair<string, object?>("rule", outcome.Rule);
            switch (outcome.Verdict)
            {
                case LimitVerdict.Admitted:
                    _admitted.Add(1, rule);
                    break;
                case LimitVerdict.NearLimit:
                    _admitted.Add(1, rule);
                    _nearLimit.Add(1, rule);
                    break;
                case LimitVerdict.Limited:
                    _limited.Add(1, rule);
                    break;
                case LimitVerdict.ShadowWouldLimit:
                    _shadowWouldLimit.Add(1, rule);
                    break;
            }
        }
    }

    /// <summary>Calls in flight are counted by the telemetry's records reader (databroker.records.calls.in_flight).</summary>
    public void RecordsShed() => _recordsShed.Add(1);
}
