using DataBroker.Console.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataBroker.Console.Tests;

/// <summary>Oversight's pages, in the same browser suite: alerts live, a leak traced, a citizen's access, the chain, suspensions.</summary>
public sealed partial class ConsoleBrowserTests
{
    [Fact]
    public async Task Oversight_hears_an_alert_live_traces_the_leaked_page_sees_the_citizens_access_and_suspends_while_only_an_admin_reinstates()
    {
        await using var auditor = await suite.NewPersonAsync();
        await using var officer = await suite.NewPersonAsync();
        await using var approver1 = await suite.NewPersonAsync();
        await using var approver2 = await suite.NewPersonAsync();
        await using var admin = await suite.NewPersonAsync();
        var nid = suite.SampleNid(41);

        var alerts = await suite.SignInAsync(auditor, "oversight-auditor-1", "/Oversight/Alerts");
        await Expect(alerts.Locator("#alerts-status")).ToContainTextAsync("Live");
        var before = await alerts.GetByTestId("alert").Filter(new() { HasText = "rabhq-approver-1" }).CountAsync();

        // An approval seconds after submission is no review: the approver is alerted on, and the page hears it live.
        var form = await suite.SignInAsync(officer, "rab6-officer-2", "/Requests/New");
        var id = await SubmitAsync(form, nid, "RAB6-2026-41", "Subject's number called the kidnappers' phone twice on the night of the abduction.");
        foreach (var (person, persona) in new[] { (approver1, "rabhq-approver-1"), (approver2, "rabhq-approver-2") })
        {
            var detail = await suite.SignInAsync(person, persona, $"/Requests/Detail?id={id}");
            await detail.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Expect(detail.GetByRole(AriaRole.Status)).ToContainTextAsync("You approved it");
        }
        var fast = alerts.GetByTestId("alert").Filter(new() { HasText = "rabhq-approver-1" });
        await Expect(fast).ToHaveCountAsync(before + 1);
        await Expect(fast.First).ToContainTextAsync("approved_too_fast");
        await AssertAccessibleAsync(alerts, "oversight-alerts");

        // The officer's released page is posted to Telegram; oversight pastes it and the trace names the officer.
        await form.GotoAsync($"/Requests/Detail?id={id}");
        await form.GetByRole(AriaRole.Button, new() { Name = "Fetch the records" }).ClickAsync();
        await Expect(form.GetByTestId("released")).ToBeVisibleAsync();
        var leaked = await form.Locator("main").InnerTextAsync();
        var trace = await auditor.NewPageAsync();
        await trace.GotoAsync("/Oversight/TraceLeak");
        await trace.Locator("#text").FillAsync(leaked);
        await trace.GetByRole(AriaRole.Button, new() { Name = "Trace" }).ClickAsync();
        await Expect(trace.GetByTestId("trace-outcome")).ToContainTextAsync("Most likely source: rab6-officer-2");
        await Expect(trace.GetByTestId("evidence").First).ToContainTextAsync(id);
        await AssertAccessibleAsync(trace, "oversight-trace-leak");

        // Who touched this citizen: asked by POST, so the NID is in no URL.
        var subject = await auditor.NewPageAsync();
        await subject.GotoAsync("/Oversight/Subject");
        await subject.Locator("#identifier").FillAsync(nid);
        await subject.GetByRole(AriaRole.Button, new() { Name = "Show access" }).ClickAsync();
        await Expect(subject.GetByTestId("audit-entry").Filter(new() { HasText = "request.disclosed" })).ToContainTextAsync("rab6-officer-2");
        Assert.DoesNotContain(nid, subject.Url, StringComparison.Ordinal);
        await AssertAccessibleAsync(subject, "oversight-subject");

        var charts = await auditor.NewPageAsync();
        await charts.GotoAsync("/Oversight/Charts");
        await Expect(charts.GetByTestId("chart-time-to-decision").Locator("svg rect.bar")).Not.ToHaveCountAsync(0);
        await Expect(charts.GetByTestId("decision-summary")).ToContainTextAsync("Median");
        await AssertAccessibleAsync(charts, "oversight-charts");

        var audit = await auditor.NewPageAsync();
        await audit.GotoAsync("/Oversight/Audit");
        await audit.GetByRole(AriaRole.Button, new() { Name = "Verify the whole chain now" }).ClickAsync();
        await Expect(audit.GetByTestId("verification")).ToContainTextAsync("Intact");
        await AssertAccessibleAsync(audit, "oversight-audit");

        // Paged: two at a time for this unit, then the older page, the filter kept and no entry shown twice.
        await audit.GotoAsync("/Oversight/Audit?Unit=RAB-6&Size=2");
        await Expect(audit.GetByTestId("audit-entry")).ToHaveCountAsync(2);
        var newest = await audit.GetByTestId("audit-entry").AllInnerTextsAsync();
        await audit.GetByTestId("older").ClickAsync();
        await audit.WaitForURLAsync(url => url.Contains("After=", StringComparison.Ordinal) && url.Contains("Unit=RAB-6", StringComparison.Ordinal));
        var older = await audit.GetByTestId("audit-entry").AllInnerTextsAsync();
        Assert.NotEmpty(older);
        Assert.Empty(older.Intersect(newest));
        Assert.All(older, row => Assert.Contains("RAB-6", row, StringComparison.Ordinal));
        await Expect(audit.GetByRole(AriaRole.Link, new() { Name = "Newest entries" })).ToBeVisibleAsync();

        // The auditor suspends; only an admin may reinstate, and the page offers it only to them.
        var suspensions = await auditor.NewPageAsync();
        await suspensions.GotoAsync("/Oversight/Suspensions");
        await suspensions.Locator("#target").FillAsync("rab6-officer-2");
        await suspensions.Locator("#suspend-reason").FillAsync("sold a citizen's records, trace of 2 December");
        await suspensions.GetByRole(AriaRole.Button, new() { Name = "Suspend" }).ClickAsync();
        var row = suspensions.GetByTestId("suspension").Filter(new() { HasText = "rab6-officer-2" });
        await Expect(row).ToContainTextAsync("oversight-auditor-1");
        await Expect(row.GetByRole(AriaRole.Button, new() { Name = "Reinstate" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(suspensions, "oversight-suspensions");

        var reinstate = await suite.SignInAsync(admin, "police-admin", "/Oversight/Suspensions");
        var adminRow = reinstate.GetByTestId("suspension").Filter(new() { HasText = "rab6-officer-2" });
        await adminRow.GetByLabel("Reason").FillAsync("trace reviewed by the board: a shared screen, not a leak");
        await adminRow.GetByRole(AriaRole.Button, new() { Name = "Reinstate" }).ClickAsync();
        await Expect(reinstate.GetByRole(AriaRole.Status)).ToContainTextAsync("Reinstated rab6-officer-2");
        await Expect(reinstate.GetByTestId("suspension").Filter(new() { HasText = "rab6-officer-2" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_reads_an_officers_counters_and_overrides_one_with_a_reason_while_an_auditor_may_not()
    {
        await using var admin = await suite.NewPersonAsync();
        var limits = await suite.SignInAsync(admin, "police-admin", "/Admin/Limits?Unit=ATU&Holder=atu-officer-2");
        var rule = limits.Locator("tr[data-rule='submit-per-officer']");
        await Expect(rule).ToContainTextAsync("30 per 1 h 0 min, burst 10");
        await AssertAccessibleAsync(limits, "admin-limits");

        await limits.Locator("#o-rule").SelectOptionAsync("submit-per-officer");
        await limits.Locator("#o-limit").FillAsync("60");
        await limits.Locator("#o-reason").FillAsync("raid night, case 14/2026");
        await limits.GetByRole(AriaRole.Button, new() { Name = "Override" }).ClickAsync();
        await Expect(limits.GetByRole(AriaRole.Status)).ToContainTextAsync("submit-per-officer is now 60 for 8 h");
        await Expect(rule).ToContainTextAsync("60 per 1 h 0 min");
        await Expect(rule).ToContainTextAsync("override until");

        // Without a reason the broker changes nothing and says why.
        await limits.Locator("#r-rule").SelectOptionAsync("submit-per-officer");
        await limits.Locator("#r-reason").EvaluateAsync("e => e.removeAttribute('required')");
        await limits.GetByRole(AriaRole.Button, new() { Name = "Reset" }).ClickAsync();
        await Expect(limits.GetByRole(AriaRole.Alert)).ToContainTextAsync("reason");
        await Expect(rule).ToContainTextAsync("override until");

        await using var auditor = await suite.NewPersonAsync();
        var refused = await suite.SignInAsync(auditor, "oversight-auditor-1", "/");
        Assert.Equal(403, (await refused.GotoAsync("/Admin/Limits?Unit=ATU"))!.Status);
    }

    [Fact]
    public async Task Officers_and_approvers_are_refused_the_oversight_pages()
    {
        await using var officer = await suite.NewPersonAsync();
        var page = await suite.SignInAsync(officer, "db-officer-1", "/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Alerts" })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/Oversight/Alerts", "/Oversight/TraceLeak", "/Oversight/Subject", "/Oversight/Audit", "/Oversight/Suspensions" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(403, response!.Status);
        }
        await using var approver = await suite.NewPersonAsync();
        var queue = await suite.SignInAsync(approver, "phq-approver-3", "/");
        Assert.Equal(403, (await queue.GotoAsync("/live/alerts"))!.Status);
    }
}
