using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Limits;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using static DataBroker.Broker.Tests.Domain.Scenario;

namespace DataBroker.Broker.Tests.Domain;

/// <summary>
/// The shipped weekly budgets through the workflow, on a fake clock: a patient insider who stays under every
/// daily rule still meets them, and one bulk call-records release counts as the thousands of numbers it exposes.
/// </summary>
public sealed class WeeklyBudgetTests
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RequestWorkflow _workflow;

    public WeeklyBudgetTests()
    {
        var hub = new ChangeHub();
        var store = new EmbeddedRequestStore(hub, _time);
        _workflow = new RequestWorkflow(store, hub, OrganisationChart.Default, new RequestRules(), _time, new LimitPolicy(LimitDefaults.Rules, store));
    }

    [Fact]
    public async Task A_second_bulk_call_records_release_in_a_week_is_refused_after_the_read_and_keeps_its_grant()
    {
        var records = new CountingRecords { ThirdPartyNumbers = 1990 };
        var first = await ApprovedAsync(_workflow, "5550000001", Category.CallRecords);
        var second = await ApprovedAsync(_workflow, "5550000002", Category.CallRecords);
        await _workflow.FetchAsync(AtuOfficer, first, records, default).DefaultTimeout();

        var refused = await Assert.ThrowsAsync<DomainException>(() => _workflow.FetchAsync(AtuOfficer, second, records, default));

        Assert.Equal(DomainErrorKind.ResourceExhausted, refused.Kind);
        Assert.Equal("third-parties-per-officer-week", refused.Rule);
        // The numbers are known only once the records are read; the commit refuses, so nothing leaves.
        Assert.Equal(2, records.Calls);
        Assert.Equal(RequestState.Approved, (await _workflow.GetAsync(AtuOfficer, second, default)).State);
    }

    [Fact]
    public async Task A_patient_officer_under_every_daily_rule_meets_the_weekly_citizens_budget()
    {
        var records = new CountingRecords();
        var budget = LimitDefaults.Rules.Single(r => r.Name == "released-subjects-per-officer-week").Limit;
        var obtained = 0;
        DomainException? refused = null;
        // Ten citizens a day, one an hour, every day: under the hourly insider rule and every daily quota.
        for (var day = 0; day < 21 && refused is null; day++)
        {
            for (var i = 0; i < 10 && refused is null; i++)
            {
                var nid = "55" + (day * 10 + i).ToString("D8", System.Globalization.CultureInfo.InvariantCulture);
                try
                {
                    await _workflow.FetchAsync(AtuOfficer, await ApprovedAsync(_workflow, nid), records, default).DefaultTimeout();
                    obtained++;
                }
                catch (DomainException e) when (e.Kind == DomainErrorKind.ResourceExhausted)
                {
                    refused = e;
                }
                _time.Advance(TimeSpan.FromHours(1));
            }
            _time.Advance(TimeSpan.FromHours(14));
        }

        Assert.Equal("released-subjects-per-officer-week", refused?.Rule);
        Assert.Equal(budget, obtained);
    }
}
