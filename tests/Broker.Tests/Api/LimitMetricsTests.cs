using System.Diagnostics.Metrics;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Limits;
using Microsoft.Extensions.DependencyInjection;

namespace DataBroker.Broker.Tests.Api;

public sealed class LimitMetricsTests
{
    [Fact]
    public void Each_verdict_counts_on_its_instrument_tagged_with_the_rule_and_nothing_else()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var metrics = new LimitMetrics(services.GetRequiredService<IMeterFactory>());
        var seen = new List<(string Instrument, long Value, string[] Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this test's meter: other tests create meters of the same name in parallel.
            if (instrument.Meter.Name == LimitMetrics.MeterName && instrument.Meter.Scope == services.GetRequiredService<IMeterFactory>())
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (seen)
                seen.Add((instrument.Name, value, [.. tags.ToArray().Select(t => $"{t.Key}={t.Value}")]));
        });
        listener.Start();

        metrics.Observe([
            new LimitOutcome("submit-per-officer", LimitVerdict.Admitted, 0),
            new LimitOutcome("submit-per-unit", LimitVerdict.NearLimit, 0),
            new LimitOutcome("call-records-per-officer", LimitVerdict.Limited, 5_000_000),
            new LimitOutcome("decide-per-approver", LimitVerdict.ShadowWouldLimit, 1_000)]);
        metrics.RecordsShed();

        Assert.Equal(
        [
            ("databroker.limits.admitted", "rule=submit-per-officer"),
            ("databroker.limits.admitted", "rule=submit-per-unit"),
            ("databroker.limits.near_limit", "rule=submit-per-unit"),
            ("databroker.limits.limited", "rule=call-records-per-officer"),
            ("databroker.limits.shadow_would_limit", "rule=decide-per-approver"),
        ], seen.Where(s => s.Tags.Length > 0).Select(s => (s.Instrument, Assert.Single(s.Tags))));
        Assert.Contains(seen, s => s.Instrument == "databroker.limits.records_shed" && s.Tags.Length == 0);
        Assert.All(seen, s => Assert.Equal(1, s.Value));
    }
}
