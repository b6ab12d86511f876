using DataBroker.Console.Tests.Support;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace DataBroker.Console.Tests;

/// <summary>An unattended live page: its updates neither keep the session alive nor outlive it.</summary>
public sealed class ConsoleIdleTests(IdleConsoleSuite suite) : IClassFixture<IdleConsoleSuite>
{
    [Fact]
    public async Task A_live_queue_left_alone_pauses_at_the_idle_timeout_and_its_updates_do_not_keep_the_session_alive()
    {
        await using var approver = await suite.NewPersonAsync();
        await using var officer = await suite.NewPersonAsync();
        var queue = await suite.SignInAsync(approver, "rabhq-approver-2", "/Approvals");
        var signedInAt = DateTimeOffset.UtcNow;
        await Expect(queue.Locator("#queue-status")).ToContainTextAsync("Live");

        // Past half the idle timeout, when a request of the person would slide it, the queue updates by itself.
        await Task.Delay(TimeSpan.FromSeconds(35) - (DateTimeOffset.UtcNow - signedInAt) is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
        var form = await suite.SignInAsync(officer, "rab1-officer-1", "/Requests/New");
        await form.Locator("#CaseReference").FillAsync("RAB-2026-12");
        await form.Locator("#LegalBasis").SelectOptionAsync("AntiTerrorismAct");
        await form.Locator("#SubjectValue").FillAsync(suite.SampleNid(21));
        await form.Locator("input[name=Categories][value=NidDetails]").CheckAsync();
        await form.Locator("#Justification").FillAsync("The subject rented the car used in the robbery on 3 December.");
        await form.GetByRole(AriaRole.Button, new() { Name = "Submit for approval" }).ClickAsync();
        await Expect(queue.Locator("tbody#queue tr[data-request-id]")).Not.ToHaveCountAsync(0);

        // At the idle timeout the stream ends and the page says so, rather than following the broker unattended.
        await Expect(queue.Locator("#queue-status")).ToContainTextAsync("Paused", new() { Timeout = 90_000 });
        Assert.True(DateTimeOffset.UtcNow - signedInAt >= TimeSpan.FromSeconds(55), "the stream ended before the idle timeout");

        // And the update above did not renew the session: the person must sign in again.
        await queue.ReloadAsync();
        await Expect(queue.Locator("button[name=persona]").First).ToBeVisibleAsync();
    }
}
