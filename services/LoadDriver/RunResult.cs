using System.Text.Json.Serialization;

namespace DataBroker.LoadDriver;

/// <summary>What one measured run did: answers checked OK, errors by gRPC status, wrong answers, and latency.</summary>
internal sealed record RunResult(
    string Scenario,
    string Mode,
    int Concurrency,
    double OfferedRate,
    double Seconds,
    long Ok,
    IReadOnlyDictionary<string, long> Errors,
    long WrongAnswers,
    long NotSent,
    double Throughput,
    double P50Ms,
    double P90Ms,
    double P99Ms,
    double P999Ms)
{
    [JsonIgnore]
    public long Failed => Errors.Values.Sum() + WrongAnswers;

    public override string ToString() =>
        $"{Scenario,-16} {Mode,-6} {Throughput,10:F0}/s  ok {Ok,8}  failed {Failed,6}  not-sent {NotSent,6}  " +
        $"p50 {P50Ms,7:F2} ms  p99 {P99Ms,7:F2} ms  p99.9 {P999Ms,7:F2} ms" +
        (Errors.Count == 0 ? "" : "  errors " + string.Join(", ", Errors.Select(e => $"{e.Key}={e.Value}")));
}
