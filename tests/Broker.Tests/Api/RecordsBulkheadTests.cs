using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Limits;
using DataBroker.Broker.Storage;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Broker.Tests.Domain;
using DataBroker.Broker.Tests.Support;

namespace DataBroker.Broker.Tests.Api;

/// <summary>The records bulkhead: a bounded number of calls in flight, the rest shed at once, grants kept.</summary>
public sealed class RecordsBulkheadTests
{
    [Fact]
    public async Task Fetches_beyond_the_bulkhead_are_shed_at_once_and_their_grants_stay_usable()
    {
        var hub = new ChangeHub();
        var store = new EmbeddedRequestStore(hub);
        var workflow = new RequestWorkflow(store, hub, OrganisationChart.Default, new RequestRules(), TimeProvider.System);
        var records = new GatedRecords();
        using var bulkhead = new RecordsBulkhead<string>(records, maxInFlight: 2);
        var grants = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var submitted = await workflow.SubmitAsync(Scenario.AtuOfficer, Scenario.Draft(), default).DefaultTimeout();
            await workflow.DecideAsync(Scenario.PoliceApprover1, submitted.Request.Id, approve: true, "lawful", 0, default).DefaultTimeout();
            grants.Add(submitted.Request.Id);
        }

        var inFlight = grants.Take(2).Select(id => workflow.FetchAsync(Scenario.AtuOfficer, id, bulkhead, default)).ToArray();
        await records.BothEnteredAsync.DefaultTimeout();
        var shed = await Assert.ThrowsAsync<DomainException>(() => workflow.FetchAsync(Scenario.AtuOfficer, grants[2], bulkhead, default));

        Assert.Equal(DomainErrorKind.Unavailable, shed.Kind);
        Assert.Contains("busy", shed.Message, StringComparison.Ordinal);
        Assert.Equal(2, records.Calls);
        Assert.Equal(RequestState.Approved, (await workflow.GetAsync(Scenario.AtuOfficer, grants[2], default)).State);

        records.Open();
        await Task.WhenAll(inFlight).DefaultTimeout();
        var retried = await workflow.FetchAsync(Scenario.AtuOfficer, grants[2], bulkhead, default).DefaultTimeout();
        Assert.Equal(RequestState.Disclosed, retried.Request.State);
    }

    /// <summary>A records service that holds every call until opened.</summary>
    private sealed class GatedRecords : IRecordsReader<string>
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _bothEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;

        public int Calls => _calls;

        public Task BothEnteredAsync => _bothEntered.Task;

        public void Open() => _gate.TrySetResult();

        public async Task<RecordsRead<string>> ReadAsync(DataRequest request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 2)
                _bothEntered.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            return new RecordsRead<string>(true, "records of " + request.Subject);
        }
    }
}
