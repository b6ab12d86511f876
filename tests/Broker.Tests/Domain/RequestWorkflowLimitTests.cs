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

/// <summary>The workflow's limits on the embedded store, on a fake clock that both share.</summary>
public sealed class RequestWorkflowLimitTests
{
    private readonly FakeTimeProvider _time = new(Start);
    private readonly RequestWorkflow _workflow;
    private readonly CountingRecords _records = new();

    public RequestWorkflowLimitTests()
    {
        var hub = new ChangeHub();
        var store = new EmbeddedRequestStore(hub, _time);
        _workflow = new RequestWorkflow(store, hub, OrganisationChart.Default, new RequestRules(), _time, new LimitPolicy(
        [
            new LimitRule("subjects", LimitScope.ReleasedSubjects, 1, TimeSpan.FromDays(1), 0),
            new LimitRule("daily", LimitScope.Officer, 3, TimeSpan.FromDays(1), 0),
        ], store));
    }

    [Fact]
    public async Task A_fetch_over_the_release_quota_is_refused_before_the_records_service_is_asked_and_keeps_its_grant()
    {
        var first = await ApprovedAsync(_workflow, "5550000001");
        var second = await ApprovedAsync(_workflow, "5550000002");
        await _workflow.FetchAsync(AtuOfficer, first, _records, default).DefaultTimeout();

        var refused = await Assert.ThrowsAsync<DomainException>(() => _workflow.FetchAsync(AtuOfficer, second, _records, default));

        Assert.Equal(DomainErrorKind.ResourceExhausted, refused.Kind);
        Assert.Equal(1, _records.Calls);
        Assert.Equal(RequestState.Approved, (await _workflow.GetAsync(AtuOfficer, second, default)).State);
    }

    [Fact]
    public async Task A_daily_quota_frees_one_call_a_day_after_the_hour_it_was_made_in_has_ended()
    {
        // The first call at 09:20 counts in the 09:00-10:00 bucket (a 24th of the day) until 10:00 the next day.
        _time.Advance(TimeSpan.FromMinutes(20));
        for (var i = 0; i < 3; i++)
        {
            await _workflow.SubmitAsync(AtuOfficer, Draft(), default);
            _time.Advance(TimeSpan.FromHours(1));
        }
        var refused = await Assert.ThrowsAsync<DomainException>(() => _workflow.SubmitAsync(AtuOfficer, Draft(), default));
        Assert.Equal(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(40), refused.RetryAfter);

        _time.Advance(TimeSpan.FromHours(21) + TimeSpan.FromMinutes(40) - TimeSpan.FromTicks(10));
        await Assert.ThrowsAsync<DomainException>(() => _workflow.SubmitAsync(AtuOfficer, Draft(), default));
        _time.Advance(TimeSpan.FromTicks(10));
        await _workflow.SubmitAsync(AtuOfficer, Draft(), default);
        await Assert.ThrowsAsync<DomainException>(() => _workflow.SubmitAsync(AtuOfficer, Draft(), default));
    }
}
