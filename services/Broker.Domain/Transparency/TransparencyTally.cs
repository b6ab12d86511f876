using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// Counts a period's transparency figures from chain entries alone, fed chain by chain in chain order (each chain's
/// entries in sequence). Requests are counted by when they were submitted, with the outcome the chains record for
/// them by the heads read (pending when none yet); releases, emergency reviews, alerts and suspensions by when they
/// happened. Only vocabulary reaches the report: categories, legal bases, urgencies, states, rule names, unit and HQ
/// names; never an officer, a subject, a case reference or a request id (those are read only to join events).
/// </summary>
public sealed class TransparencyTally(ReportPeriod period)
{
    public const string Unrecorded = "unrecorded";
    public const string Other = "other";

    private static readonly string[] Outcomes = ["approved", "rejected", "cancelled", "expired", "auto_granted", "pending"];
    private static readonly string[] Found = ["citizen_found", "no_citizen_found"];
    private static readonly string[] Severities = ["warning", "severe"];
    private static readonly string[] Scopes = ["officer", "unit"];
    private static readonly string[] Verdicts = ["justified", "unjustified"];

    private readonly Dictionary<string, Submission> _cohort = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _releases = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _thirdParties = new(StringComparer.Ordinal);
    private readonly HashSet<string> _citizens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _alerts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _suspensions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long[]> _reviews = new(StringComparer.Ordinal);

    private sealed class Submission(string headquarters, string unit, string[] categories, string basis, string urgency, DateTimeOffset at)
    {
        public string Headquarters => headquarters;
        public string Row => headquarters + " / " + unit;
        public string[] Categories => categories;
        public string Basis => basis;
        public string Urgency => urgency;
        public DateTimeOffset At => at;
        public string? Outcome { get; set; }
        public TimeSpan? Wait { get; set; }
    }

    public void Add(ChainEntry entry)
    {
        var e = entry.Event;
        var unit = AuditSources.UnitOf(entry.Source);
        if (unit is not null)
            AddUnitEvent(Name(unit), entry);
        else if (entry.Source == AuditSources.Oversight && period.Contains(e.At))
            AddOversightEvent(entry);
    }

    private void AddUnitEvent(string unit, ChainEntry entry)
    {
        var e = entry.Event;
        if (e.Kind == AuditKinds.Submitted)
        {
            if (period.Contains(e.At))
                _cohort.TryAdd(e.RequestId, new Submission(Name(Detail(entry, "headquarters")), unit,
                    [.. Detail(entry, "categories").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Vocabulary<Category>).Distinct().Order(StringComparer.Ordinal)],
                    Vocabulary<LegalBasis>(Detail(entry, "legal_basis")), UrgencyOf(entry), e.At));
            return;
        }
        var outcome = e.Kind switch
        {
            AuditKinds.Approved => "approved",
            AuditKinds.Rejected => "rejected",
            AuditKinds.Cancelled => "cancelled",
            AuditKinds.Expired => "expired",
            AuditKinds.AutoGranted => "auto_granted",
            _ => null,
        };
        // The first outcome stands: an approved grant that later lapses unfetched was still approved.
        if (outcome is not null && _cohort.TryGetValue(e.RequestId, out var submission) && submission.Outcome is null)
        {
            submission.Outcome = outcome;
            if (outcome is "approved" or "rejected")
                submission.Wait = e.At - submission.At;
        }
        if (e.Kind == AuditKinds.Disclosed && period.Contains(e.At))
        {
            var row = Name(Detail(entry, "headquarters")) + " / " + unit;
            var found = Detail(entry, "subject_found") == "true";
            Count(_releases, row, Found.Length)[found ? 0 : 1]++;
            if (long.TryParse(Detail(entry, "third_party_numbers"), NumberStyles.None, CultureInfo.InvariantCulture, out var numbers))
                _thirdParties[row] = _thirdParties.GetValueOrDefault(row) + numbers;
            if (found && Detail(entry, ChainDetails.SubjectHmac) is { Length: > 0 } subject)
                _citizens.Add(subject);
        }
    }

    private void AddOversightEvent(ChainEntry entry)
    {
        switch (entry.Event.Kind)
        {
            case OversightAuditKinds.Alert:
                Count(_alerts, Rule(Detail(entry, "rule")), Severities.Length)[Detail(entry, "severity") == nameof(AlertSeverity.Severe) ? 1 : 0]++;
                break;
            case OversightAuditKinds.Suspended:
                // A rule's suspension names its rule in its reason; a person's reason is their own words, never published.
                var reason = Detail(entry, ChainDetails.Reason);
                var rule = entry.Event.ActorId == Suspensions.SystemActor && reason.StartsWith("insider rule ", StringComparison.Ordinal)
                    ? Rule(reason["insider rule ".Length..].Split(':')[0]) : "manual";
                Count(_suspensions, rule, Scopes.Length)[Detail(entry, "scope") == nameof(SuspensionScope.Unit) ? 1 : 0]++;
                break;
            case OversightAuditKinds.EmergencyReview:
                Count(_reviews, "emergency_reviews", Verdicts.Length)[Detail(entry, "verdict") == "justified" ? 0 : 1]++;
                break;
        }
    }

    /// <summary>The report over what was added, bound to <paramref name="heads"/>, cells below <paramref name="k"/> withheld.</summary>
    public TransparencyReport Build(IEnumerable<ChainPosition> heads, int k)
    {
        ChainPosition[] sorted = [.. heads.OrderBy(h => h.Chain, StringComparer.Ordinal)];
        var requests = _cohort.Values.ToArray();
        var tables = new List<TableCounts>
        {
            Requests("requests_by_hq", "Requests by headquarters and outcome", "headquarters", requests, r => [r.Headquarters]),
            Requests("requests_by_unit", "Requests by unit and outcome", "headquarters / unit", requests, r => [r.Row]),
            Requests("requests_by_legal_basis", "Requests by legal basis and outcome", "legal basis", requests, r => [r.Basis]),
            Requests("requests_by_urgency", "Requests by urgency and outcome", "urgency", requests, r => [r.Urgency]),
            // A request naming three categories counts under each: this table's total counts category-requests.
            Requests("requests_by_category", "Requests naming each category, by outcome", "category", requests, r => r.Categories, "category_requests"),
            new("releases_by_unit", "Releases of records by unit", "headquarters / unit", Found, "releases", _releases),
            new("third_party_numbers", "Third-party numbers disclosed through call records", "headquarters / unit", ["numbers"], "third_party_numbers",
                _thirdParties.ToDictionary(p => p.Key, p => new[] { p.Value }, StringComparer.Ordinal)),
            new("emergency_reviews", "Emergency requests reviewed after the fact, by verdict", "reviews", Verdicts, "emergency_reviews", _reviews),
            new("alerts_by_rule", "Oversight alerts by rule and severity", "rule", Severities, "alerts", _alerts),
            new("suspensions_by_rule", "Suspensions by rule (manual: by oversight staff) and scope", "rule", Scopes, "suspensions", _suspensions),
        };
        // The unit rows of an HQ add up to its HQ row: a link suppression must respect, or a withheld unit cell
        // would be the HQ's figure less its other units'.
        var links = requests.GroupBy(r => r.Headquarters, StringComparer.Ordinal)
            .Select(g => (Parent: g.Key, Children: g.Select(r => r.Row).Distinct(StringComparer.Ordinal).ToArray())).ToArray();
        var published = Publish(tables, links, k);
        var decided = requests.Where(r => r.Wait is not null).ToArray();
        var timings = new List<DecisionTiming> { Timing("all", decided, k) };
        timings.AddRange(decided.GroupBy(r => "headquarters: " + r.Headquarters, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Timing(g.Key, [.. g], k)));
        timings.AddRange(decided.GroupBy(r => "urgency: " + r.Urgency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Timing(g.Key, [.. g], k)));
        return new TransparencyReport(period.From, period.To, k, sorted, MerkleTree.Root(sorted), published, timings,
            _citizens.Count >= k ? _citizens.Count : null);
    }

    private sealed record TableCounts(string Id, string Title, string RowHeading, IReadOnlyList<string> Columns, string Population,
        IReadOnlyDictionary<string, long[]> Rows)
    {
        public string Cell(string row, int column) => Id + "|" + row + "|" + Columns[column];
        public string RowTotal(string row) => Columns.Count == 1 ? Cell(row, 0) : Id + "|" + row + "|*";
        public string ColumnTotal(int column) => Population + "|*|" + Columns[column];
        public string Total => Columns.Count == 1 ? ColumnTotal(0) : Population + "|*|*";
        public long[] Sums => [.. Enumerable.Range(0, Columns.Count).Select(c => Rows.Values.Sum(r => r[c]))];
    }

    private static TableCounts Requests(string id, string title, string heading, Submission[] requests, Func<Submission, string[]> rows,
        string population = "requests")
    {
        var counts = new Dictionary<string, long[]>(StringComparer.Ordinal);
        foreach (var request in requests)
        {
            foreach (var row in rows(request))
                Count(counts, row, Outcomes.Length)[Array.IndexOf(Outcomes, request.Outcome ?? "pending")]++;
        }
        return new TableCounts(id, title, heading, Outcomes, population, counts);
    }

    private static ReportTable[] Publish(List<TableCounts> tables, (string Parent, string[] Children)[] links, int k)
    {
        var cells = new Dictionary<string, long>(StringComparer.Ordinal);
        var equations = new List<CellEquation>();
        foreach (var table in tables)
        {
            var sums = table.Sums;
            for (var c = 0; c < table.Columns.Count; c++)
            {
                foreach (var (row, values) in table.Rows)
                    cells[table.Cell(row, c)] = values[c];
                cells[table.ColumnTotal(c)] = sums[c];
                equations.Add(new CellEquation(table.ColumnTotal(c), [.. table.Rows.Keys.Select(r => table.Cell(r, c))]));
            }
            cells[table.Total] = sums.Sum();
            if (table.Columns.Count > 1)
            {
                foreach (var (row, values) in table.Rows)
                {
                    cells[table.RowTotal(row)] = values.Sum();
                    equations.Add(new CellEquation(table.RowTotal(row), [.. Enumerable.Range(0, table.Columns.Count).Select(c => table.Cell(row, c))]));
                }
                equations.Add(new CellEquation(table.Total, [.. Enumerable.Range(0, table.Columns.Count).Select(table.ColumnTotal)]));
                equations.Add(new CellEquation(table.Total, [.. table.Rows.Keys.Select(table.RowTotal)]));
            }
        }
        var hq = tables.Single(t => t.Id == "requests_by_hq");
        var unit = tables.Single(t => t.Id == "requests_by_unit");
        foreach (var (parent, children) in links)
        {
            for (var c = 0; c < hq.Columns.Count; c++)
                equations.Add(new CellEquation(hq.Cell(parent, c), [.. children.Select(child => unit.Cell(child, c))]));
            equations.Add(new CellEquation(hq.RowTotal(parent), [.. children.Select(unit.RowTotal)]));
        }
        var withheld = CellSuppression.Withhold(cells, equations, k);
        long? Shown(string key) => withheld.Contains(key) ? null : cells[key];
        return [.. tables.Select(t => new ReportTable(t.Id, t.Title, t.RowHeading, t.Columns,
            [.. t.Rows.Keys.Order(StringComparer.Ordinal).Select(row => new ReportRow(row,
                [.. Enumerable.Range(0, t.Columns.Count).Select(c => Shown(t.Cell(row, c)))],
                t.Columns.Count > 1 ? Shown(t.RowTotal(row)) : null))],
            [.. Enumerable.Range(0, t.Columns.Count).Select(c => Shown(t.ColumnTotal(c)))], Shown(t.Total)))];
    }

    /// <summary>Nearest-rank median and 90th percentile, in whole seconds; withheld under k decisions (one decision's time is a person's).</summary>
    private static DecisionTiming Timing(string group, Submission[] decided, int k)
    {
        if (decided.Length < k)
            return new DecisionTiming(group, null, null);
        long[] seconds = [.. decided.Select(r => (long)Math.Floor(r.Wait!.Value.TotalSeconds)).Order()];
        return new DecisionTiming(group, seconds[Rank(seconds.Length, 50)], seconds[Rank(seconds.Length, 90)]);
    }

    private static int Rank(int n, int percent) => Math.Max(0, (percent * n + 99) / 100 - 1);

    private static long[] Count(Dictionary<string, long[]> counts, string row, int columns)
    {
        if (!counts.TryGetValue(row, out var values))
            counts[row] = values = new long[columns];
        return values;
    }

    private static string Detail(ChainEntry entry, string name) => entry.Event.Details.GetValueOrDefault(name) ?? "";

    private static string UrgencyOf(ChainEntry entry) => Detail(entry, "urgency") is { Length: > 0 } urgency ? Vocabulary<Urgency>(urgency)
        : Detail(entry, "emergency") == "true" ? nameof(Urgency.Emergency) : Unrecorded;

    /// <summary>An enum's name as the chain wrote it, or "other": whatever a (tampered) chain holds, only vocabulary is published.</summary>
    private static string Vocabulary<T>(string value) where T : struct, Enum =>
        value.Length == 0 ? Unrecorded : Enum.GetNames<T>().Contains(value, StringComparer.Ordinal) ? value : Other;

    /// <summary>A unit's or HQ's name: a short identifier, else "other" (never free text).</summary>
    private static string Name(string value) =>
        value.Length == 0 ? Unrecorded : value.Length <= 40 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? value : Other;

    private static string Rule(string value) =>
        value.Length is > 0 and <= 40 && value.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '.') ? value : Other;
}
