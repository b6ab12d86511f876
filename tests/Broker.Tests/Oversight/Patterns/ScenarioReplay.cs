using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Patterns;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// Replays a plan (honest background and colluders) through a <see cref="ScenarioBroker"/> in time order, folding the
/// chain after every step, and counts the distinct citizens the colluders hold when the first alert about them (or
/// their unit) is raised and when one of them is suspended.
/// </summary>
internal sealed class ScenarioReplay(ScenarioBroker broker, IReadOnlySet<string> colluders, IReadOnlySet<string> units, string? reviewer = null)
{
    private static readonly HashSet<string> PatternRuleNames = typeof(PatternRules).GetFields()
        .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).ToHashSet(StringComparer.Ordinal);

    public async Task<ScenarioResult> RunAsync(string name, IReadOnlyList<PlannedRequest> plan)
    {
        var actions = new List<(DateTimeOffset At, int Request, int Step)>();
        for (var r = 0; r < plan.Count; r++)
        {
            actions.Add((plan[r].SubmitAt, r, -1));
            for (var d = 0; d < plan[r].Decisions.Count; d++)
                actions.Add((plan[r].Decisions[d].At, r, d));
            if (plan[r].FetchAt is { } fetch)
                actions.Add((fetch, r, int.MaxValue));
        }
        var ids = new string?[plan.Count];
        var obtained = new HashSet<int>();
        (int Count, string Rule)? firstAlert = null, firstPattern = null, suspended = null;
        foreach (var (_, r, step) in actions.OrderBy(a => a.At).ThenBy(a => a.Step))
        {
            var p = plan[r];
            var watched = colluders.Contains(p.Officer) || p.Decisions.Any(d => colluders.Contains(d.Approver));
            if (step == -1)
                ids[r] = await broker.SubmitAsync(p);
            else if (ids[r] is not { } id)
                continue;
            else if (step == int.MaxValue)
            {
                if (await broker.FetchAsync(id, p) && colluders.Contains(p.Officer))
                    obtained.Add(p.Citizen);
                if (p.Emergency && reviewer is not null)
                    await broker.ReviewJustifiedAsync(id, reviewer, p.Unit);
            }
            else if (!await broker.DecideAsync(id, p.Decisions[step], p.Unit))
                ids[r] = null;
            // The background's events are chained with the next colluder's step: fewer, larger folds, as the sequencer's ticks batch them.
            if (!watched)
                continue;
            await broker.FoldAsync();
            if (firstAlert is not null && firstPattern is not null && suspended is not null)
                continue;
            var alerts = (await broker.AlertsAsync()).Where(About).ToList();
            firstAlert ??= alerts.Count > 0 ? (obtained.Count, alerts[0].Rule) : null;
            firstPattern ??= alerts.FirstOrDefault(a => PatternRuleNames.Contains(a.Rule)) is { } pattern ? (obtained.Count, pattern.Rule) : null;
            suspended ??= (await broker.SuspensionsAsync()).FirstOrDefault(s => colluders.Contains(s.Target)) is { } s
                ? (obtained.Count, s.Target + ": " + s.Reason) : null;
        }
        return new ScenarioResult(name, firstAlert?.Count ?? obtained.Count, firstAlert?.Rule, firstPattern?.Count ?? obtained.Count, firstPattern?.Rule,
            suspended?.Count ?? obtained.Count, suspended?.Rule, obtained.Count);
    }

    private bool About(Alert alert) => colluders.Contains(alert.OfficerId) || (alert.Rule.StartsWith("unit_", StringComparison.Ordinal) && units.Contains(alert.Unit));
}
