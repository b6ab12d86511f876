using System.Security.Cryptography;
using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Transparency;

namespace DataBroker.Broker.Tests.Transparency;

public sealed class TransparencyReportTests
{
    private static readonly DateTimeOffset Nov = TransparencyChains.November;
    private static readonly ReportPeriod November = ReportPeriod.Of(Nov, Nov.AddMonths(1));

    /// <summary>20 requests in November (8+3+1 at ATU, 6 at CTTC, 2 at RAB-6), one in October settled in November, releases and oversight events.</summary>
    private static TransparencyChains Sample()
    {
        var chains = new TransparencyChains();
        for (var i = 0; i < 8; i++)
        {
            var id = chains.Request("ATU", "POLICE-HQ", Nov.AddDays(1 + i), "request.approved", TimeSpan.FromMinutes(10 * (i + 1)),
                categories: i < 3 ? "NidDetails,CallRecords" : "NidDetails", basis: "AntiTerrorismAct");
            chains.Disclosed("ATU", "POLICE-HQ", id, Nov.AddDays(1 + i).AddHours(2), thirdParties: i < 3 ? 40 : 0, subject: i % 6 + 1);
        }
        for (var i = 0; i < 3; i++)
            chains.Request("ATU", "POLICE-HQ", Nov.AddDays(10 + i), "request.rejected", TimeSpan.FromHours(i + 1), basis: "AntiTerrorismAct");
        chains.Request("ATU", "POLICE-HQ", Nov.AddDays(29));
        for (var i = 0; i < 6; i++)
            chains.Request("CTTC", "POLICE-HQ", Nov.AddDays(2 + i), "request.approved", TimeSpan.FromMinutes(5 * (i + 1)));
        chains.Request("RAB-6", "RAB-HQ", Nov.AddDays(3), "request.approved", TimeSpan.FromMinutes(1), urgency: "Emergency");
        chains.Request("RAB-6", "RAB-HQ", Nov.AddDays(4), "request.auto_granted", TimeSpan.FromMinutes(30), urgency: "Emergency");
        chains.Request("ATU", "POLICE-HQ", Nov.AddDays(-3), "request.approved", TimeSpan.FromDays(4));
        for (var i = 0; i < 6; i++)
            chains.Oversight("oversight.alert", Nov.AddDays(5 + i), new() { ["rule"] = "bulk_subjects", ["severity"] = "Severe", ["officer"] = "rab6-officer-1", ["detail"] = "6 citizens" });
        chains.Oversight("oversight.suspended", Nov.AddDays(6), new() { ["scope"] = "Officer", ["target"] = "rab6-officer-1", ["reason"] = "insider rule bulk_subjects: 6 citizens" });
        chains.Oversight("oversight.suspended", Nov.AddDays(7), new() { ["scope"] = "Unit", ["target"] = "RAB-6", ["reason"] = "Ahmed told me so" }, actor: "oversight-auditor-1");
        return chains;
    }

    private static TransparencyReport Compute(Dictionary<string, IReadOnlyList<ChainEntry>> chains, IEnumerable<string> order, int k = 5)
    {
        var tally = new TransparencyTally(November);
        foreach (var chain in order)
        {
            foreach (var entry in chains[chain])
                tally.Add(entry);
        }
        return tally.Build(TransparencyChains.Heads(chains), k);
    }

    [Fact]
    public void A_recomputed_report_is_byte_identical_whatever_order_the_chains_are_read_in()
    {
        var chains = Sample().Link();
        var first = Compute(chains, chains.Keys.Order(StringComparer.Ordinal)).Canonical();
        var second = Compute(chains, chains.Keys.OrderDescending(StringComparer.Ordinal)).Canonical();

        Assert.Equal(first, second);
        Assert.Equal(first, TransparencyReport.Parse(first).Canonical());
    }

    [Fact]
    public void It_counts_from_the_chain_and_names_no_person_case_subject_or_request()
    {
        var chains = Sample().Link();
        var report = Compute(chains, chains.Keys);
        var text = report.Canonical();

        foreach (var personal in new[] { "officer-", "approver-", "CASE-", ".REQ", "rel-", "rab6-officer-1", "Ahmed", "oversight-auditor-1", "6 citizens" })
            Assert.DoesNotContain(personal, text, StringComparison.Ordinal);
        foreach (var entry in chains.Values.SelectMany(c => c))
        {
            if (entry.Event.Details.TryGetValue("subject_hmac", out var subject))
                Assert.DoesNotContain(subject, text, StringComparison.Ordinal);
        }
        var byUnit = report.Tables.Single(t => t.Id == "requests_by_unit");
        Assert.Equal(["POLICE-HQ / ATU", "POLICE-HQ / CTTC", "RAB-HQ / RAB-6"], byUnit.Rows.Select(r => r.Label));
        Assert.Equal(20, report.Tables.Single(t => t.Id == "requests_by_urgency").Total);
        Assert.Equal(8, byUnit.Rows[0].Cells[0]);
        Assert.Equal(12, byUnit.Rows[0].Total);
        Assert.Null(byUnit.Rows[2].Cells[0]); // 1 approved at RAB-6
        Assert.Null(byUnit.Rows[1].Cells[0]); // CTTC's 6, withheld with it: else 15 approved less 8 and 6 gives it back
        Assert.Equal(15, byUnit.ColumnTotals[0]);
        Assert.Equal(6, report.Tables.Single(t => t.Id == "alerts_by_rule").Rows.Single(r => r.Label == "bulk_subjects").Cells[1]);
        Assert.Equal(["bulk_subjects", "manual"], report.Tables.Single(t => t.Id == "suspensions_by_rule").Rows.Select(r => r.Label));
        // 18 HQ decisions (8 + 3 at ATU, 6 at CTTC, 1 at RAB-6): waits 1, 5..30, 10..80 min and 1..3 h; nearest rank.
        var all = report.TimeToDecision.Single(t => t.Group == "all");
        long[] waits = [.. new long[] { 1 }.Concat(Enumerable.Range(1, 6).Select(i => 5L * i)).Concat(Enumerable.Range(1, 8).Select(i => 10L * i))
            .Concat([60, 120, 180]).Select(m => m * 60).Order()];
        Assert.Equal(waits[8], all.MedianSeconds);
        Assert.Equal(waits[16], all.P90Seconds);
        Assert.Null(report.TimeToDecision.Single(t => t.Group == "headquarters: RAB-HQ").MedianSeconds);
        Assert.Equal(6, report.DistinctCitizensDisclosed);
    }

    [Fact]
    public void Every_published_cell_is_at_least_k_and_every_small_cell_is_withheld()
    {
        var chains = Sample().Link();
        foreach (var k in new[] { 2, 5, 7 })
        {
            var report = Compute(chains, chains.Keys, k);
            foreach (var table in report.Tables)
            {
                var values = table.Rows.SelectMany(r => r.Cells.Append(r.Total)).Concat(table.ColumnTotals).Append(table.Total);
                Assert.All(values.OfType<long>(), v => Assert.True(v >= k, $"{table.Id} publishes {v} < k={k}"));
            }
        }
    }

    [Fact]
    public void A_report_altered_by_one_number_is_refused()
    {
        var chains = Sample().Link();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = new ReportSigner(key.ExportPkcs8PrivateKeyPem());
        var published = signer.Sign(Compute(chains, chains.Keys));
        Assert.True(ReportVerifier.Check(SignedReport.Parse(published.Text), key, chains).Holds);

        var altered = published.Text.Replace("\"cells\":[8,", "\"cells\":[9,", StringComparison.Ordinal);
        Assert.NotEqual(published.Text, altered);
        var check = ReportVerifier.Check(SignedReport.Parse(altered), key, chains);
        Assert.False(check.SignatureValid);
        Assert.False(check.Holds);
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        Assert.False(SignedReport.Parse(published.Text).IsSignedBy(other));
    }

    [Fact]
    public void A_report_whose_chain_was_altered_does_not_recompute_equal()
    {
        var sample = Sample();
        var chains = sample.Link();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signer = new ReportSigner(key.ExportPkcs8PrivateKeyPem());
        var published = signer.Sign(Compute(chains, chains.Keys));

        // Edited in place: a rejection rewritten as an approval, its stored hash kept.
        var atu = chains["unit:ATU"].ToArray();
        var i = Array.FindIndex(atu, e => e.Event.Kind == "request.rejected");
        atu[i] = atu[i] with { Event = atu[i].Event with { Kind = "request.approved" } };
        var edited = new Dictionary<string, IReadOnlyList<ChainEntry>>(chains) { ["unit:ATU"] = atu };
        var check = ReportVerifier.Check(published, key, edited);
        Assert.True(check.SignatureValid);
        Assert.False(check.Holds);
        Assert.Contains("does not match its hash", check.Problem, StringComparison.Ordinal);

        // Rewritten whole and re-linked by a forger: every hash fits, but not the heads the report names.
        var forged = new Dictionary<string, IReadOnlyList<ChainEntry>>(chains)
        {
            ["unit:ATU"] = AuditFold.Extend("unit:ATU", null, [.. atu.Select(e => new SourcedAuditEvent(e.Source, e.SourceId, e.Event))], sample.Seal)!.Entries,
        };
        Assert.Contains("does not end at the head", ReportVerifier.Check(published, key, forged).Problem, StringComparison.Ordinal);
        // And a chain left out is noticed: the report must name every chain there is.
        var dropped = new Dictionary<string, IReadOnlyList<ChainEntry>>(chains);
        dropped.Remove("unit:RAB-6");
        Assert.False(ReportVerifier.Check(published, key, dropped).Holds);
        var extra = new Dictionary<string, IReadOnlyList<ChainEntry>>(chains) { ["unit:DB"] = chains["unit:CTTC"] };
        Assert.Contains("leaves out chain unit:DB", ReportVerifier.Check(published, key, extra).Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-02", "2026-12-01", "from")]
    [InlineData("2026-11-01", "2027-01-01", "to")]
    [InlineData("2026-11-01", "2027-02-01", "to")]
    [InlineData("2026-12-01", "2026-11-01", "to")]
    public void A_period_that_is_not_a_month_or_quarter_is_refused_naming_the_field(string from, string to, string field)
    {
        var error = Assert.Throws<DomainException>(() => ReportPeriod.Of(ReportPeriod.ParseInstant(from, "from"), ReportPeriod.ParseInstant(to, "to")));
        Assert.Equal(DomainErrorKind.InvalidArgument, error.Kind);
        Assert.Equal(field, error.Field);
    }

    [Fact]
    public void A_month_and_a_calendar_quarter_are_periods()
    {
        Assert.False(ReportPeriod.Of(Nov, Nov.AddMonths(1)).IsQuarter);
        Assert.True(ReportPeriod.Of(Nov.AddMonths(-1), Nov.AddMonths(2)).IsQuarter);
    }
}
