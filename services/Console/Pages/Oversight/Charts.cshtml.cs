using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using DataBroker.WebConsole.Display;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Oversight;

/// <summary>Pictures of the chained trail: refusals by rule over the last day, and how long decisions take.</summary>
public sealed class ChartsModel(BrokerSession broker, TimeProvider time) : PageModel
{
    private const int PageSize = 200;
    private const int MostPages = 10;
    private static readonly TimeSpan DecisionPeriod = TimeSpan.FromDays(7);

    public BarChart Refusals { get; private set; } = null!;

    public BarChart Decisions { get; private set; } = null!;

    public string DecisionSummary { get; private set; } = "";

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        Refusals = ChartData.RefusalsByRule(await SinceAsync("oversight.refused", now.AddDays(-1), cancellationToken), now);
        // A decision in the period may answer a submission made before it: look back twice as far for those.
        var submitted = await SinceAsync("request.submitted", now - 2 * DecisionPeriod, cancellationToken);
        var decided = (await SinceAsync("request.approved", now - DecisionPeriod, cancellationToken))
            .Concat(await SinceAsync("request.rejected", now - DecisionPeriod, cancellationToken));
        (Decisions, DecisionSummary) = ChartData.TimeToDecision(submitted, decided);
    }

    /// <summary>The chained entries of one kind since <paramref name="since"/>, newest first, at most a bounded number of pages.</summary>
    private async Task<List<AuditEntry>> SinceAsync(string kind, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var entries = new List<AuditEntry>();
        var token = "";
        for (var page = 0; page < MostPages; page++)
        {
            var response = await broker.Oversight.QueryAuditAsync(new QueryAuditRequest { Kind = kind, PageSize = PageSize, PageToken = token },
                await broker.UnaryAsync(cancellationToken));
            entries.AddRange(response.Entries.Where(e => e.At.ToDateTimeOffset() >= since));
            token = response.NextPageToken;
            if (token.Length == 0 || response.Entries.Count == 0 || response.Entries[^1].At.ToDateTimeOffset() < since)
                break;
        }
        return entries;
    }
}
