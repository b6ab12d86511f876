using System.Text;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using BrokerProto = DataBroker.Broker.V1;
using RecordsProto = DataBroker.Records.V1;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// The Telegram scenario: 50 officers receive releases, some of the same citizens; one pastes 10 of
/// theirs into a channel post, reordered and partly retyped. TraceLeak must name that officer first,
/// with the watermark and with it stripped. Runs once per store: the concrete classes say which.
/// </summary>
public abstract class LeakTracingTests : IAsyncLifetime
{
    private const int Officers = 50;
    private const int Leaker = 17;
    private static readonly string[] Units = ["ATU", "CTTC", "DB", "RAB-1", "RAB-6"];

    private readonly Dictionary<int, List<RecordsProto.NidDetails>> _received = [];

    protected SuiteHost Suite { get; private set; } = null!;

    protected abstract Task<SuiteHost> StartSuiteAsync();

    public async Task InitializeAsync()
    {
        Suite = await StartSuiteAsync();
        for (var officer = 0; officer < Officers; officer++)
        {
            // Everyone has cases of their own; three also received some of the citizens the leaker did.
            var subjects = Enumerable.Range(1000 + 3 * officer, 3).ToList();
            if (officer == Leaker)
                subjects.AddRange(Enumerable.Range(100, 10));
            if (officer == 3)
                subjects.AddRange(Enumerable.Range(100, 3));
            if (officer == 21)
                subjects.AddRange(Enumerable.Range(101, 8));
            if (officer == 40)
                subjects.AddRange(Enumerable.Range(104, 5));
            _received[officer] = [];
            foreach (var subject in subjects)
                _received[officer].Add(await ReleaseAsync(officer, subject));
        }
    }

    public async Task DisposeAsync() => await Suite.DisposeAsync();

    [Fact]
    public async Task A_leak_of_ten_reformatted_records_names_the_leaker_first_by_watermark()
    {
        var trace = await TraceAsync(LeakPost(stripWatermarks: false));

        Assert.True(trace.WatermarksFound >= 7, $"only {trace.WatermarksFound} watermarks survived");
        Assert.Equal(OfficerId(Leaker), trace.Suspects[0].OfficerId);
        Assert.True(trace.Suspects[0].Confidence > trace.Suspects[1].Confidence);
        Assert.All(trace.Releases.Take(7), r => Assert.Equal(OfficerId(Leaker), r.OfficerId));
        Assert.Equal(1.0, trace.Releases[0].Confidence);
    }

    [Fact]
    public async Task A_leak_with_its_watermarks_stripped_still_names_the_leaker_first_by_content()
    {
        var post = LeakPost(stripWatermarks: true);
        Assert.DoesNotContain(post, LeakText.IsInvisible);

        var trace = await TraceAsync(post);

        Assert.Equal(0, trace.WatermarksFound);
        Assert.Equal(OfficerId(Leaker), trace.Suspects[0].OfficerId);
        Assert.True(trace.Suspects[0].Confidence > trace.Suspects[1].Confidence,
            $"{trace.Suspects[0].Confidence} vs {trace.Suspects[1].OfficerId} {trace.Suspects[1].Confidence}");
        Assert.Equal(Units[Leaker % Units.Length], trace.Suspects[0].Unit);
        Assert.Contains(trace.Releases[0].Matched, m => m == "nid");
    }

    [Fact]
    public async Task A_release_that_never_reached_its_officer_is_no_evidence()
    {
        var post = LeakPost(stripWatermarks: true);
        var registry = Suite.BrokerServices.GetRequiredService<IReleaseRegistry>();
        var leakers = (await TraceAsync(post)).Releases.Where(r => r.OfficerId == OfficerId(Leaker)).Select(r => r.ReleaseId).ToArray();
        // Officer 5 was approved for the same citizens, but each fetch lost its race (to a cancel, or to another
        // fetch) after the release was registered: the registry holds releases no request was disclosed as.
        var unit = Units[5 % Units.Length];
        foreach (var release in await registry.GetAsync(leakers, default))
        {
            var approved = await ApproveAsync(5, 100);
            await registry.RecordAsync(release with { ReleaseId = "rel-lost-" + Guid.NewGuid().ToString("N"), RequestId = approved, OfficerId = OfficerId(5), Unit = unit },
                default);
        }

        var trace = await TraceAsync(post);

        Assert.DoesNotContain(trace.Suspects, s => s.OfficerId == OfficerId(5));
        Assert.DoesNotContain(trace.Releases, r => r.OfficerId == OfficerId(5));
        Assert.False(trace.Tie, trace.Reason);
        Assert.Equal(OfficerId(Leaker), trace.Suspects[0].OfficerId);
    }

    [Fact]
    public void Released_text_carries_a_watermark_each_and_reads_the_same_once_normalized()
    {
        var sample = _received[Leaker][0];
        Assert.Single(ReleaseWatermark.Extract(sample.FullName));
        Assert.Equal(sample.Nid, new string([.. sample.Nid.Where(char.IsAsciiDigit)]));
        // The same citizen, released to two officers, reads the same once normalized.
        var mine = _received[Leaker][4];
        var other = _received[21].First(d => d.Nid == mine.Nid);
        Assert.Equal(LeakText.Canonical(mine.PermanentAddress), LeakText.Canonical(other.PermanentAddress));
        Assert.NotEqual(ReleaseWatermark.Extract(mine.PermanentAddress).Keys, ReleaseWatermark.Extract(other.PermanentAddress).Keys);
    }

    [Fact]
    public async Task Tracing_is_for_oversight_staff_only_and_is_recorded()
    {
        var officer = Suite.As(OfficerId(3), Roles.Officer, unit: Units[3]);
        var refused = await Assert.ThrowsAsync<RpcException>(() =>
            Suite.Oversight.TraceLeakAsync(new BrokerProto.TraceLeakRequest { Text = "anything" }, officer).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, refused.StatusCode);

        // Other tests on the same Redis trace the same post: this one's entry is told apart by its text's hash.
        var post = LeakPost(stripWatermarks: true) + "\nref " + Guid.NewGuid().ToString("N");
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(post)));
        await TraceAsync(post);
        var query = await Suite.ReadChainedAsync(
            async () => await Suite.Oversight.QueryAuditAsync(new BrokerProto.QueryAuditRequest { Kind = "oversight.leak_trace" }, Auditor),
            q => q.Entries.Any(e => e.Details["text_sha256"] == hash));
        var entry = Assert.Single(query.Entries, e => e.Details["text_sha256"] == hash);
        Assert.Equal(OfficerId(Leaker), entry.Details["top_suspect"]);
        Assert.Equal("false", entry.Details["tie"]);
    }

    private Metadata Auditor => Suite.As("oversight-auditor-1", Roles.Auditor, headquarters: "POLICE-HQ");

    private static string OfficerId(int officer) => $"officer-{officer:00}";

    private async Task<BrokerProto.TraceLeakResponse> TraceAsync(string text) =>
        await Suite.Oversight.TraceLeakAsync(new BrokerProto.TraceLeakRequest { Text = text }, Auditor).ResponseAsync.DefaultTimeout();

    private async Task<RecordsProto.NidDetails> ReleaseAsync(int officer, int citizen)
    {
        var requestId = await ApproveAsync(officer, citizen);
        var who = Suite.As(OfficerId(officer), Roles.Officer, unit: Units[officer % Units.Length]);
        var fetched = await Suite.Requests.FetchAsync(new BrokerProto.FetchRequest { RequestId = requestId }, who).ResponseAsync.DefaultTimeout();
        return fetched.NidDetails;
    }

    private async Task<string> ApproveAsync(int officer, int citizen)
    {
        var unit = Units[officer % Units.Length];
        var who = Suite.As(OfficerId(officer), Roles.Officer, unit: unit);
        var approver = unit.StartsWith("RAB", StringComparison.Ordinal)
            ? Suite.As("rabhq-approver-1", Roles.Approver, headquarters: "RAB-HQ")
            : Suite.As("phq-approver-1", Roles.Approver, headquarters: "POLICE-HQ");
        var request = (await Suite.Requests.SubmitAsync(Requests.Submit(Suite.Population.NidOf(citizen)), who).ResponseAsync.DefaultTimeout()).Request;
        await Suite.Approvals.DecideAsync(new BrokerProto.DecideRequest { RequestId = request.RequestId, Decision = BrokerProto.Decision.Approve },
            approver).ResponseAsync.DefaultTimeout();
        return request.RequestId;
    }

    /// <summary>A channel post: chat around the records, reordered, three retyped by hand (case, spacing, wording).</summary>
    private string LeakPost(bool stripWatermarks)
    {
        var records = _received[Leaker].Skip(3).ToList(); // the 10 citizens 100..109
        var order = new[] { 4, 9, 0, 7, 2, 5, 8, 1, 6, 3 };
        var post = new StringBuilder("🔥 NID + address pack, fresh from the server. DM @datashop_bd, 500 tk each 🔥\n\n");
        for (var i = 0; i < order.Length; i++)
        {
            var r = records[order[i]];
            if (i % 4 == 3)
            {
                // Retyped: no invisible characters, other case, other spacing, other abbreviations.
                post.AppendLine(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"{i + 1}. {Plain(r.FullName).ToUpperInvariant()}  nid {r.Nid[..3]} {r.Nid[3..6]} {r.Nid[6..]} / s/o {Plain(r.FatherName)} / {Retyped(r.PresentAddress)}"));
            }
            else
            {
                post.AppendLine($"{i + 1}) Name: {r.FullName}\n   NID: {r.Nid}  DOB: {r.DateOfBirth}\n   Father: {r.FatherName}, Mother: {r.MotherName}\n   Address: {r.PresentAddress}");
            }
            post.AppendLine();
        }
        post.AppendLine("Call records also available. No refunds.");
        var text = post.ToString();
        return stripWatermarks ? new string([.. text.Where(c => !LeakText.IsInvisible(c))]) : text;
    }

    private static string Plain(string text) => new([.. text.Where(c => !LeakText.IsInvisible(c))]);

    private static string Retyped(string address) => Plain(address)
        .Replace("H# ", "House ", StringComparison.Ordinal).Replace("Rd. ", "Road ", StringComparison.Ordinal)
        .Replace("Road No. ", "rd ", StringComparison.Ordinal).Replace("Gram ", "village ", StringComparison.Ordinal).ToLowerInvariant();
}
