using System.Text.RegularExpressions;
using DataBroker.Console.Tests.Support;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataBroker.Console.Tests;

/// <summary>The console in a real Chromium, signed in through the OpenID Connect provider, against the real broker.</summary>
public sealed partial class ConsoleBrowserTests(ConsoleSuite suite) : IClassFixture<ConsoleSuite>
{
    [Fact]
    public async Task Officer_submits_two_approvers_approve_with_live_queues_and_records_release_once()
    {
        await using var approver1 = await suite.NewPersonAsync();
        await using var approver2 = await suite.NewPersonAsync();
        await using var officer = await suite.NewPersonAsync();
        var queue1 = await suite.SignInAsync(approver1, "phq-approver-1", "/Approvals");
        var queue2 = await suite.SignInAsync(approver2, "phq-approver-2", "/Approvals");
        await Expect(queue1.Locator("#queue-status")).ToContainTextAsync("Live");
        await Expect(queue2.Locator("#queue-status")).ToContainTextAsync("Live");
        await AssertAccessibleAsync(queue1, "approval-queue");

        var form = await suite.SignInAsync(officer, "atu-officer-1", "/Requests/New");
        var id = await SubmitAsync(form, suite.SampleNid(1), "ATU-2026-77", "The subject's number was found in a phone seized from a suspect.");
        await Expect(form.GetByTestId("own-request")).ToBeVisibleAsync();

        // Both queues show the new request without a reload.
        var row1 = queue1.Locator($"tr[data-request-id='{id}']");
        var row2 = queue2.Locator($"tr[data-request-id='{id}']");
        await Expect(row1).ToBeVisibleAsync();
        await Expect(row2).ToBeVisibleAsync();

        var detail1 = await approver1.NewPageAsync();
        await detail1.GotoAsync($"/Requests/Detail?id={id}");
        await detail1.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(detail1.GetByTestId("quorum")).ToContainTextAsync("1 of 2: approved by phq-approver-1");
        await AssertAccessibleAsync(detail1, "request-detail-approver");
        await Expect(row2).ToContainTextAsync("1 of 2");
        // The officer's own detail page, open since submitting, follows the request without a reload.
        await Expect(form.GetByTestId("quorum")).ToContainTextAsync("1 of 2: approved by phq-approver-1");

        // A stale page of approver 1 tries again: the broker refuses, the page says so plainly.
        var detail2 = await approver2.NewPageAsync();
        await detail2.GotoAsync($"/Requests/Detail?id={id}");
        await detail2.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(detail2.GetByTestId("state")).ToHaveTextAsync("approved");

        await Expect(form.GetByTestId("state")).ToHaveTextAsync("approved");
        await Expect(form.Locator("#request-status")).ToContainTextAsync("Live");

        // Decided: it leaves both queues, still without a reload.
        await Expect(row1).ToHaveCountAsync(0);
        await Expect(row2).ToHaveCountAsync(0);

        // The officer fetches once; a second, stale page fetching again is refused.
        var first = await officer.NewPageAsync();
        await first.GotoAsync($"/Requests/Detail?id={id}");
        var second = await officer.NewPageAsync();
        await second.GotoAsync($"/Requests/Detail?id={id}");
        await first.GetByRole(AriaRole.Button, new() { Name = "Fetch the records" }).ClickAsync();
        await Expect(first.GetByTestId("released")).ToContainTextAsync("Released once and marked");
        await Expect(first.GetByTestId("call-records")).ToBeVisibleAsync();
        await AssertAccessibleAsync(first, "released-records");
        await second.GetByRole(AriaRole.Button, new() { Name = "Fetch the records" }).ClickAsync();
        await Expect(second.GetByTestId("fetch-refused")).ToContainTextAsync("already fetched");

        var mine = await officer.NewPageAsync();
        await mine.GotoAsync("/Requests/Mine");
        await Expect(mine.Locator($"tr[data-request-id='{id}'] .state")).ToContainTextAsync("disclosed");
        await AssertAccessibleAsync(mine, "my-requests");
    }

    [Fact]
    public async Task A_rejection_needs_a_reason_and_the_slower_approver_is_told_someone_else_decided_first()
    {
        await using var officer = await suite.NewPersonAsync();
        await using var approver1 = await suite.NewPersonAsync();
        await using var approver2 = await suite.NewPersonAsync();
        var form = await suite.SignInAsync(officer, "atu-officer-2", "/Requests/New");
        var id = await SubmitAsync(form, suite.SampleNid(4), "ATU-2026-91", "The subject rented the car used in the attack last month.");

        var first = await suite.SignInAsync(approver1, "phq-approver-1", $"/Requests/Detail?id={id}");
        var slower = await suite.SignInAsync(approver2, "phq-approver-2", $"/Requests/Detail?id={id}");
        var reject = first.GetByRole(AriaRole.Button, new() { Name = "Reject" });
        await reject.ClickAsync();
        // The browser holds an empty reason back (the broker would refuse it too).
        Assert.Contains("/Requests/Detail", first.Url, StringComparison.Ordinal);
        await Expect(first.GetByTestId("state")).ToHaveTextAsync("awaiting approval");
        await first.Locator("#reason").FillAsync("Not enough grounds shown.");
        await reject.ClickAsync();
        await Expect(first.GetByTestId("state")).ToHaveTextAsync("rejected");

        await slower.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Expect(slower.Locator("[role=status]")).ToContainTextAsync("Someone else decided first");
        await Expect(slower.GetByTestId("state")).ToHaveTextAsync("rejected");
    }

    [Fact]
    public async Task Officer_opening_the_approval_queue_by_url_is_refused()
    {
        await using var officer = await suite.NewPersonAsync();
        var page = await suite.SignInAsync(officer, "atu-officer-2", "/");
        var response = await page.GotoAsync("/Approvals");
        Assert.Equal(403, response!.Status);
        var policy = await response.HeaderValueAsync("content-security-policy");
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        var session = (await officer.CookiesAsync()).Single(c => c.Name == "__Host-dbconsole");
        Assert.True(session.HttpOnly && session.Secure);
        Assert.Equal(SameSiteAttribute.Lax, session.SameSite);
        Assert.DoesNotContain("token", page.Url, StringComparison.OrdinalIgnoreCase);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Not for your role");
        await Expect(page.Locator("table")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page, "refused");
        // Nor does the navigation offer it.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Approval queue" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Approver_of_another_headquarters_does_not_see_the_request()
    {
        await using var officer = await suite.NewPersonAsync();
        await using var rab = await suite.NewPersonAsync();
        var form = await suite.SignInAsync(officer, "cttc-officer-1", "/Requests/New");
        var id = await SubmitAsync(form, suite.SampleNid(2), "CTTC-9", "The subject is linked to a bomb threat call made last week.");

        var queue = await suite.SignInAsync(rab, "rabhq-approver-1", "/Approvals");
        await Expect(queue.Locator($"tr[data-request-id='{id}']")).ToHaveCountAsync(0);
        var response = await queue.GotoAsync($"/Requests/Detail?id={id}");
        Assert.Equal(404, response!.Status);
        await Expect(queue.Locator("[role=alert]")).ToContainTextAsync("not yours to see");
        await Expect(queue.GetByRole(AriaRole.Button, new() { Name = "Approve" })).ToHaveCountAsync(0);

        // Its own HQ's approver finds it, and the queue's filters narrow to it or away from it.
        await using var police = await suite.NewPersonAsync();
        var own = await suite.SignInAsync(police, "phq-approver-3", "/Approvals?Unit=CTTC&Category=CallRecords");
        await Expect(own.Locator($"tr[data-request-id='{id}']")).ToBeVisibleAsync();
        await own.GotoAsync("/Approvals?Unit=ATU");
        await Expect(own.Locator("#queue")).ToBeVisibleAsync();
        await Expect(own.Locator($"tr[data-request-id='{id}']")).ToHaveCountAsync(0);
        await own.GotoAsync("/Approvals?Urgency=Emergency");
        await Expect(own.Locator($"tr[data-request-id='{id}']")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Hostile_strings_are_inert_and_broker_field_errors_sit_next_to_their_field()
    {
        await using var officer = await suite.NewPersonAsync();
        var form = await suite.SignInAsync(officer, "db-officer-1", "/Requests/New");

        await FillAsync(form, "123", "DB-1", "The subject was seen at the scene of the robbery twice.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Expect(form.Locator("[data-field-error=subject]")).ToContainTextAsync("subject.nid");
        await Expect(form.Locator("#SubjectValue")).ToHaveAttributeAsync("aria-invalid", "true");
        await AssertAccessibleAsync(form, "new-request-field-error");

        const string hostile = "The subject was seen at the scene <script>window.pwned=1</script><img src=x id=injected>\u001b[31mred\u202Eevil";
        var id = await SubmitAsync(form, suite.SampleNid(3), "<b id=bold>DB-2</b>", hostile);
        var justification = await form.GetByTestId("justification").TextContentAsync();
        Assert.Contains("<script>window.pwned=1</script>", justification, StringComparison.Ordinal);
        Assert.Contains("[U+001B][31mred[U+202E]evil", justification, StringComparison.Ordinal);
        Assert.DoesNotContain("\u202E", justification, StringComparison.Ordinal);
        await Expect(form.Locator("#injected")).ToHaveCountAsync(0);
        await Expect(form.Locator("#bold")).ToHaveCountAsync(0);
        Assert.True(await form.EvaluateAsync<bool>("() => window.pwned === undefined"));
        Assert.Contains(id, form.Url, StringComparison.Ordinal);
        await AssertAccessibleAsync(form, "hostile-strings-inert");
    }

    private static async Task FillAsync(IPage form, string nid, string caseReference, string justification)
    {
        await form.Locator("#CaseReference").FillAsync(caseReference);
        await form.Locator("#LegalBasis").SelectOptionAsync("AntiTerrorismAct");
        await form.Locator("#SubjectValue").FillAsync(nid);
        await form.Locator("input[name=Categories][value=CallRecords]").CheckAsync();
        await form.Locator("input[name=Categories][value=NidDetails]").CheckAsync();
        await form.Locator("#Justification").FillAsync(justification);
        // Two days of call records keep the released page small enough to check quickly.
        await form.Locator("#CdrDays").FillAsync("2");
    }

    private static async Task<string> SubmitAsync(IPage form, string nid, string caseReference, string justification)
    {
        if (!form.Url.Contains("/Requests/New", StringComparison.Ordinal))
            await form.GotoAsync("/Requests/New");
        await FillAsync(form, nid, caseReference, justification);
        await form.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await form.WaitForURLAsync(RequestDetail());
        await Expect(form.GetByTestId("state")).ToHaveTextAsync("awaiting approval");
        return Uri.UnescapeDataString(RequestDetail().Match(form.Url).Groups[1].Value);
    }

    [Fact]
    public async Task An_approver_reviews_an_emergency_from_the_review_queue_and_an_unjustified_one_needs_a_note()
    {
        await using var officer = await suite.NewPersonAsync();
        await using var approver = await suite.NewPersonAsync();
        var form = await suite.SignInAsync(officer, "atu-officer-2", "/Requests/New");
        await form.Locator("#CaseReference").FillAsync("ATU-2026-91");
        await form.Locator("#LegalBasis").SelectOptionAsync("AntiTerrorismAct");
        await form.Locator("#SubjectValue").FillAsync(suite.SampleNid(11));
        await form.Locator("input[name=Categories][value=NidDetails]").CheckAsync();
        await form.Locator("#Urgency").SelectOptionAsync("Emergency");
        await form.Locator("#Justification").FillAsync("A hostage taker is using this subject's identity right now.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await form.WaitForURLAsync(RequestDetail());
        var id = Uri.UnescapeDataString(RequestDetail().Match(form.Url).Groups[1].Value);

        var queue = await suite.SignInAsync(approver, "phq-approver-3", "/Approvals/Emergencies");
        var row = queue.GetByTestId("emergency-review").Filter(new() { HasText = id });
        await Expect(row).ToContainTextAsync("atu-officer-2");
        await AssertAccessibleAsync(queue, "emergency-reviews");

        // Not justified without a note: the broker refuses, the page says why and the review stays open.
        await row.GetByRole(AriaRole.Radio, new() { Name = "Not justified" }).CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(queue.GetByRole(AriaRole.Alert)).ToContainTextAsync("note");
        await Expect(row).ToHaveCountAsync(1);

        await row.GetByRole(AriaRole.Radio, new() { Name = "Justified", Exact = true }).CheckAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "Record review" }).ClickAsync();
        await Expect(queue.GetByRole(AriaRole.Status)).ToContainTextAsync($"Reviewed {id}: justified");
        await Expect(row).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Signing_out_ends_the_console_session_and_the_providers_then_asks_for_sign_in_again()
    {
        await using var officer = await suite.NewPersonAsync();
        var page = await suite.SignInAsync(officer, "cttc-officer-1", "/Requests/Mine");
        var endSession = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.Contains("/connect/endsession", StringComparison.Ordinal))
                endSession.Add(request.Url);
        };
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/SignedOut", StringComparison.Ordinal));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Signed out" })).ToBeVisibleAsync();
        // RP-initiated logout: the provider was told, with the id token as hint and the console's own return address.
        var call = Assert.Single(endSession);
        Assert.Contains("id_token_hint=", call, StringComparison.Ordinal);
        Assert.Contains("post_logout_redirect_uri=", call, StringComparison.Ordinal);
        Assert.DoesNotContain("access_token", call, StringComparison.Ordinal);

        // The console's cookie is gone: its pages send the person back through sign-in.
        await page.GotoAsync("/Requests/Mine");
        await Expect(page.Locator("button[name=persona]").First).ToBeVisibleAsync();
    }

    /// <summary>Checks the page with axe; with CONSOLE_SCREENSHOTS set to a folder, also saves a screenshot of it there (docs/console.md).</summary>
    private static async Task AssertAccessibleAsync(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("CONSOLE_SCREENSHOTS") is { Length: > 0 } folder)
            await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, name + ".png"), FullPage = true });
        // Axe's WCAG 2.1 A/AA rule sets: each page is checked once across these tests, as each check takes seconds here.
        var result = await page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, page.Url + ": " + string.Join("; ", serious.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Html))})")));
    }

    [GeneratedRegex(@"/Requests/Detail\?id=([^&]+)")]
    private static partial Regex RequestDetail();
}
