using System.Globalization;
using DataBroker.Broker.V1;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Cli.Output;

/// <summary>The approval policy as a person reads it: a heading with its version, then one table of approvals and one of legal bases.</summary>
internal static class PolicyView
{
    private const string AnyRank = "any";

    public static void Write(TextWriter writer, ApprovalPolicy policy)
    {
        writer.WriteLine($"approval policy version {policy.Version}; an approved request stays fetchable for {Span(policy.GrantTtl)} unless its rule says otherwise");
        writer.WriteLine();
        var approvals = new TextTable("CATEGORY", "URGENCY", "APPROVERS", "RANKS", "GRANT");
        foreach (var rule in policy.ApprovalRules)
        {
            approvals.AddRow(DisplayText.Short(rule.Category),
                rule.Urgency == Urgency.Unspecified ? "any" : DisplayText.Short(rule.Urgency),
                rule.Quorum.ToString(CultureInfo.InvariantCulture),
                rule.Ranks.Count == 0 ? AnyRank : string.Join(" + ", rule.Ranks) + (rule.Quorum > rule.Ranks.Count ? " + any" : ""),
                Span(rule.GrantTtl ?? policy.GrantTtl));
        }
        approvals.WriteTo(writer);
        writer.WriteLine();
        var bases = new TextTable("LEGAL BASIS", "ALLOWS", "LONGEST CDR WINDOW");
        foreach (var basis in policy.LegalBasisRules)
        {
            bases.AddRow(DisplayText.Short(basis.LegalBasis), DisplayText.Categories(basis.Categories),
                basis.Categories.Contains(Records.V1.Category.CallRecords) ? Span(basis.MaxCdrWindow) : DisplayText.None);
        }
        bases.WriteTo(writer);
        writer.WriteLine("a legal basis not listed allows nothing");
    }

    /// <summary>15m, 2h, 90d: the largest whole unit, as `dbroker token --ttl` reads them.</summary>
    private static string Span(Duration? duration)
    {
        if (duration is null)
            return DisplayText.None;
        var span = duration.ToTimeSpan();
        return span switch
        {
            { TotalDays: >= 1 } when span.Ticks % TimeSpan.TicksPerDay == 0 => $"{span.TotalDays:0}d",
            { TotalHours: >= 1 } when span.Ticks % TimeSpan.TicksPerHour == 0 => $"{span.TotalHours:0}h",
            { TotalMinutes: >= 1 } when span.Ticks % TimeSpan.TicksPerMinute == 0 => $"{span.TotalMinutes:0}m",
            _ => string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.###}s"),
        };
    }
}
