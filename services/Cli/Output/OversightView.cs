using System.Globalization;
using DataBroker.Broker.V1;

namespace DataBroker.Cli.Output;

/// <summary>How oversight answers read to a person: one line per entry, alert or suspect.</summary>
internal static class OversightView
{
    public static string Entry(AuditEntry e)
    {
        var details = string.Join(' ', e.Details.OrderBy(d => d.Key, StringComparer.Ordinal)
            .Where(d => d.Key is not ("version" or "subject_hmac"))
            .Select(d => $"{d.Key}={Quote(d.Value)}"));
        return DisplayText.OneLine(string.Create(CultureInfo.InvariantCulture,
            $"#{e.Seq,-6} {DisplayText.Time(e.At)}  {e.Kind,-27} {DisplayText.OrNone(e.ActorId),-20} {DisplayText.OrNone(e.RequestId)}  {details}"));
    }

    public static string Alert(Alert a) => DisplayText.OneLine(
        $"{DisplayText.Time(a.At)}  {DisplayText.Short(a.Severity),-7} {a.Rule,-27} {a.OfficerId} ({DisplayText.OrNone(a.Unit)})  {a.Detail}");

    public static string Suspension(Suspension s) => DisplayText.OneLine(
        $"{DisplayText.Short(s.Scope).ToLowerInvariant(),-7} {s.Target,-20} since {DisplayText.Time(s.Since)} by {s.SuspendedBy}: {s.Reason}");

    public static void WriteTrace(TextWriter writer, TraceLeakResponse trace)
    {
        writer.WriteLine(trace.WatermarksFound > 0
            ? $"watermarks found: {trace.WatermarksFound}"
            : "watermarks found: none (stripped?): matched by content");
        writer.WriteLine(DisplayText.OneLine(trace.Tie ? $"TIE, no one is named: {trace.Reason}" : $"named: {trace.Reason}"));
        writer.WriteLine();
        writer.WriteLine(trace.Tie ? "suspects (the tied ones first, by id; not ranked):" : "suspects (best first):");
        foreach (var s in trace.Suspects)
            writer.WriteLine(DisplayText.OneLine(string.Create(CultureInfo.InvariantCulture,
                $"  {s.Confidence,6:P0}  {s.OfficerId,-20} {s.Unit,-8} {s.Releases} release(s)  citizens {s.Citizens}  watermarks {s.Watermarks}  traits +{s.TraitsMatched}/-{s.TraitsContradicted}")));
        writer.WriteLine();
        writer.WriteLine("releases (best first):");
        foreach (var r in trace.Releases)
        {
            writer.WriteLine(DisplayText.OneLine(string.Create(CultureInfo.InvariantCulture,
                $"  {r.Confidence,6:P0}  {r.ReleaseId}  {r.RequestId}  {r.OfficerId}  {DisplayText.Time(r.ReleasedAt)}  watermarks {r.Watermarks}  matched {string.Join(",", r.Matched)}")));
        }
    }

    private static string Quote(string value) => value.Contains(' ', StringComparison.Ordinal) ? "\"" + value + "\"" : value;
}
