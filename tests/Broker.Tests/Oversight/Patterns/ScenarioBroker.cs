using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Workflow;
using DataBroker.Broker.Hosting;
using DataBroker.Broker.Oversight;
using DataBroker.Broker.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>
/// The broker's own composition (production rules, the chosen store, the oversight gate, the sequencer and the
/// pattern watch) on a fake clock, driven through the domain workflow rather than gRPC: weeks of requests replay
/// in seconds. The records service is replaced by a reader that reports the third-party numbers a plan says.
/// Hosted services are not started: the test folds the chain itself after every step, as the sequencer's tick would.
/// </summary>
internal sealed class ScenarioBroker : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, int> _thirdParties = new(StringComparer.Ordinal);
    private readonly PlanReader _reader;

    private ScenarioBroker(WebApplication app)
    {
        _app = app;
        _reader = new PlanReader(_thirdParties);
    }

    public FakeTimeProvider Time => (FakeTimeProvider)_app.Services.GetRequiredService<TimeProvider>();

    public RequestWorkflow Workflow => _app.Services.GetRequiredService<RequestWorkflow>();

    public OrganisationChart Organisation => _app.Services.GetRequiredService<OrganisationChart>();

    public IServiceProvider Services => _app.Services;

    public static ScenarioBroker Start(string? redis, DateTimeOffset start, IEnumerable<string> emergencyOfficers)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ApplicationName = "DataBroker.Broker" });
        builder.WebHost.UseTestServer();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var settings = new Dictionary<string, string?>(SuiteHost.UnreachedLimits) { ["Broker:Store:Redis"] = redis ?? "" };
        var i = 0;
        foreach (var officer in emergencyOfficers)
            settings[$"Broker:Oversight:Emergency:Officers:{i++}"] = officer;
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(start));
        builder.AddBrokerService();
        return new ScenarioBroker(builder.Build());
    }

    /// <summary>Submits; null when the broker refuses (a suspended officer, a closed emergency path).</summary>
    public async Task<string?> SubmitAsync(PlannedRequest plan)
    {
        Advance(plan.SubmitAt);
        var officer = OfficerOf(plan.Officer, plan.Unit);
        var subject = new Subject(SubjectKind.Nid, (1_000_000_000L + plan.Citizen).ToString(System.Globalization.CultureInfo.InvariantCulture));
        var categories = plan.CallRecords ? new[] { Category.CallRecords } : [Category.NidDetails];
        var draft = new RequestDraft(Guid.NewGuid().ToString(), plan.Case, LegalBasis.AntiTerrorismAct,
            "Subject was seen meeting a suspect of the cell twice this month near the safe house.", subject, categories,
            plan.CallRecords ? new TimeWindow(plan.SubmitAt.AddDays(-90), plan.SubmitAt) : null,
            plan.Emergency ? Urgency.Emergency : Urgency.Routine);
        try
        {
            var id = (await Workflow.SubmitAsync(officer, draft, default).DefaultTimeout()).Request.Id;
            _thirdParties[id] = plan.ThirdParties;
            return id;
        }
        catch (DomainException)
        {
            return null;
        }
    }

    public async Task<bool> DecideAsync(string requestId, PlannedDecision decision, string unit)
    {
        Advance(decision.At);
        var approver = new Officer(decision.Approver, Role.Approver, null, Organisation.HeadquartersOf(unit), decision.Rank);
        try
        {
            // What the suspension interceptor does for every gRPC call: a suspended approver decides nothing.
            SuspensionPolicy.EnsureNotSuspended(await _app.Services.GetRequiredService<SuspensionCache>().StatusAsync(approver.Id, null, default));
            var request = await Workflow.GetAsync(approver, requestId, default).DefaultTimeout();
            await Workflow.DecideAsync(approver, requestId, decision.Approve, "checked against the case file", request.Version, default).DefaultTimeout();
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    /// <summary>Fetches; false when nothing was released.</summary>
    public async Task<bool> FetchAsync(string requestId, PlannedRequest plan)
    {
        Advance(plan.FetchAt!.Value);
        try
        {
            await Workflow.FetchAsync(OfficerOf(plan.Officer, plan.Unit), requestId, _reader, default).DefaultTimeout();
            return true;
        }
        catch (DomainException)
        {
            return false;
        }
    }

    /// <summary>A colluding reviewer closes an emergency as justified (not the officer, not an approver of it).</summary>
    public async Task ReviewJustifiedAsync(string requestId, string reviewer, string unit)
    {
        var officer = new Officer(reviewer, Role.Approver, null, Organisation.HeadquartersOf(unit));
        try
        {
            await _app.Services.GetRequiredService<EmergencyReviews>().ReviewAsync(officer, requestId, true, "threat to life, confirmed", default).DefaultTimeout();
        }
        catch (DomainException)
        {
            // not queued yet or already reviewed: the drip goes on either way
        }
    }

    /// <summary>Folds what the workflow wrote into the chain; the pattern watch runs on each chained batch.</summary>
    public async Task FoldAsync()
    {
        var sequencer = _app.Services.GetRequiredService<AuditSequencer>();
        await sequencer.CatchUpAsync(default).DefaultTimeout();
    }

    public Task<IReadOnlyList<Alert>> AlertsAsync() => _app.Services.GetRequiredService<IAlertStore>().RecentAsync(100, default);

    public Task<IReadOnlyList<Suspension>> SuspensionsAsync() => _app.Services.GetRequiredService<Suspensions>().ListAsync(default);

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private Officer OfficerOf(string id, string unit) => new(id, Role.Officer, unit, Organisation.HeadquartersOf(unit));

    private void Advance(DateTimeOffset to)
    {
        if (to > Time.GetUtcNow())
            Time.SetUtcNow(to);
    }

    /// <summary>Records exposing the planned number of third parties, distinct from every other release's.</summary>
    private sealed class PlanReader(Dictionary<string, int> thirdParties) : IRecordsReader<string>
    {
        private int _releases;

        public Task<RecordsRead<string>> ReadAsync(DataRequest request, CancellationToken cancellationToken)
        {
            var release = Interlocked.Increment(ref _releases).ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            string[] numbers = [.. Enumerable.Range(0, thirdParties.GetValueOrDefault(request.Id))
                .Select(i => "8801" + release + i.ToString("D5", System.Globalization.CultureInfo.InvariantCulture))];
            return Task.FromResult(new RecordsRead<string>(true, "records", numbers));
        }
    }
}
