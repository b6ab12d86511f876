using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Records;
using DataBroker.Broker.Storage.Embedded;
using DataBroker.Records.Synthetic;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>
/// Releases made by the production marker into an embedded registry, and leaked posts written from them the
/// way a leaker would: some fields only, retyped, watermarks stripped, wording rewritten away from the copy.
/// </summary>
internal sealed class LeakWorld
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    public LeakWorld(ulong seed = 7)
    {
        Population = new SyntheticPopulation(seed, 1_000_000);
        Keys = new HmacSubjectPseudonymizer(Convert.FromHexString("5f1c2a9b7e3d4c6a8b0f1e2d3c4b5a69788796a5b4c3d2e1f001122334455667"));
        Marker = new ReleaseMarker(Registry, Keys, TimeProvider.System);
    }

    public SyntheticPopulation Population { get; }

    public HmacSubjectPseudonymizer Keys { get; }

    public EmbeddedReleaseRegistry Registry { get; } = new();

    public ReleaseMarker Marker { get; }

    /// <summary>Each release: who received which citizen, the marked copy, and the style bytes it was worded with.</summary>
    public List<Copy> Copies { get; } = [];

    public async Task<Copy> ReleaseAsync(string officerId, string unit, long citizen, params Category[] categories)
    {
        var officer = new Officer(officerId, Role.Officer, unit, "POLICE-HQ");
        categories = categories.Length == 0 ? [Category.NidDetails] : categories;
        var draft = new RequestDraft(Guid.NewGuid().ToString(), "GD-2026-1187", LegalBasis.AntiTerrorismAct,
            "Subject was seen meeting a suspect of the Gulshan cell twice this month.",
            new Subject(SubjectKind.Nid, Population.NidOf(citizen)), categories,
            categories.Contains(Category.CallRecords) ? new TimeWindow(Start.AddDays(-30), Start) : null, Urgency.Routine);
        var request = DataRequest.Create(draft, officer, "POLICE-HQ", RequestIds.New(unit, Start), Start, new RequestRules());
        var records = new RecordsProto.LookupResponse { SubjectFound = true, NidDetails = Population.NidDetailsOf(citizen) };
        if (categories.Contains(Category.CallRecords))
            records.CallRecords.AddRange(Population.CallRecordsOfCitizen(citizen, Start.AddDays(-30), Start));
        // Release ids from a counter, so the per-release wording (keyed by the id) is the same every run.
        var releaseId = "rel-" + Copies.Count.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
        var marked = await Marker.RecordAsync(request, releaseId, records, CancellationToken.None);
        var derived = Convert.FromHexString(Keys.Keyed("release|" + releaseId));
        var copy = new Copy(officerId, unit, citizen, releaseId, marked, Population.NidDetailsOf(citizen),
            derived.AsSpan(4, ReleaseStyle.Slots).ToArray(), Convert.ToHexStringLower(derived.AsSpan(0, 4)));
        Copies.Add(copy);
        return copy;
    }

    public async Task<LeakTrace> TraceAsync(string post)
    {
        var evidence = LeakTracer.Read(post, Keys);
        var candidates = await LeakTracer.CandidatesAsync(Registry, evidence, CancellationToken.None);
        return LeakRanking.Rank(candidates, evidence, 10);
    }

    public sealed record Copy(string OfficerId, string Unit, long Citizen, string ReleaseId, RecordsProto.LookupResponse Marked,
        RecordsProto.NidDetails Original, byte[] Choices, string Watermark);
}
