using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using BrokerProto = DataBroker.Broker.V1;
using LookupResponse = DataBroker.Records.V1.LookupResponse;

namespace DataBroker.Broker.Tests.Storage;

/// <summary>
/// A fetch that loses its race (to a cancel, or to a second fetch) hands out nothing, so the releases registry
/// must not name it as released: only the release that committed stays. Runs once per store.
/// </summary>
public abstract class ReleaseRaceContract : IAsyncLifetime
{
    private readonly RecordsGate _gate = new();
    private SuiteHost _suite = null!;

    private Metadata Officer => _suite.As("race-officer", Roles.Officer, unit: "ATU");

    protected abstract Task<SuiteHost> StartSuiteAsync(Action<WebApplicationBuilder> configure);

    public async Task InitializeAsync() => _suite = await StartSuiteAsync(builder =>
    {
        if (builder.Environment.ApplicationName != "DataBroker.Broker")
            return;
        // The real reader, held after its read until the test lets it go: the fetch then commits after a rival.
        var real = builder.Services.Last(d => d.ServiceType == typeof(IRecordsReader<LookupResponse>));
        builder.Services.AddSingleton<IRecordsReader<LookupResponse>>(sp =>
            new HeldRecords((IRecordsReader<LookupResponse>)real.ImplementationFactory!(sp), _gate));
    });

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    [Fact]
    public async Task A_fetch_that_loses_to_a_cancel_leaves_no_release_registered()
    {
        var (request, nid) = await ApprovedAsync(31);
        var fetch = _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request }, Officer).ResponseAsync;
        await _gate.ReadersWaiting(1).DefaultTimeout();

        await _suite.Requests.CancelAsync(new BrokerProto.CancelRequest { RequestId = request, Reason = "Suspect arrested" }, Officer)
            .ResponseAsync.DefaultTimeout();
        _gate.Open();

        var lost = await Assert.ThrowsAsync<RpcException>(() => fetch.DefaultTimeout());
        Assert.Equal(StatusCode.FailedPrecondition, lost.StatusCode);
        Assert.Empty(await ReleasesOfAsync(nid));
    }

    [Fact]
    public async Task Of_two_racing_fetches_only_the_one_that_committed_is_registered()
    {
        var (request, nid) = await ApprovedAsync(32);
        var first = _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request }, Officer).ResponseAsync;
        var second = _suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = request }, Officer).ResponseAsync;
        await _gate.ReadersWaiting(2).DefaultTimeout();

        _gate.Open();
        var outcomes = await Task.WhenAll(Outcome(first), Outcome(second)).DefaultTimeout();

        Assert.Equal(1, outcomes.Count(o => o == StatusCode.OK));
        Assert.Single(await ReleasesOfAsync(nid));
    }

    private static async Task<StatusCode> Outcome(Task<BrokerProto.FetchResponse> fetch)
    {
        try
        {
            await fetch;
            return StatusCode.OK;
        }
        catch (RpcException e)
        {
            return e.StatusCode;
        }
    }

    /// <summary>The registered releases that hold this citizen, found the way leak tracing finds them.</summary>
    private async Task<IReadOnlyList<string>> ReleasesOfAsync(string nid)
    {
        var key = _suite.BrokerServices.GetRequiredService<HmacSubjectPseudonymizer>().Keyed("c:" + nid);
        var found = await _suite.BrokerServices.GetRequiredService<IReleaseRegistry>().FindAsync([key], default).DefaultTimeout();
        return found.TryGetValue(key, out var ids) ? ids : [];
    }

    private async Task<(string RequestId, string Nid)> ApprovedAsync(int citizen)
    {
        // A citizen of this store's own: a shared Redis keeps the registry of earlier runs.
        var nid = _suite.Population.NidOf(citizen * 1000 + Random.Shared.Next(1000));
        var submitted = (await _suite.Requests.SubmitAsync(Requests.Submit(nid), Officer)).Request;
        await _suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = submitted.RequestId, Decision = BrokerProto.Decision.Approve },
            _suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ"));
        return (submitted.RequestId, nid);
    }

    private sealed class RecordsGate
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _waiting;

        public async Task WaitAsync(CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _waiting);
            await _open.Task.WaitAsync(cancellationToken);
        }

        public async Task ReadersWaiting(int count)
        {
            while (Volatile.Read(ref _waiting) < count)
                await Task.Delay(10);
        }

        public void Open() => _open.TrySetResult();
    }

    private sealed class HeldRecords(IRecordsReader<LookupResponse> inner, RecordsGate gate) : IRecordsReader<LookupResponse>
    {
        public async Task<RecordsRead<LookupResponse>> ReadAsync(DataBroker.Broker.Domain.Requests.DataRequest request, CancellationToken cancellationToken)
        {
            var read = await inner.ReadAsync(request, cancellationToken);
            await gate.WaitAsync(cancellationToken);
            return read;
        }
    }
}
