using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>Attribution that never accuses the innocent, and call records traced by their callees and times.</summary>
public sealed class LeakAttributionTests
{
    [Fact]
    public async Task Two_recipients_a_post_cannot_tell_apart_are_a_tie_with_the_reason_and_no_one_first()
    {
        var world = new LeakWorld();
        var leaked = new List<LeakWorld.Copy>();
        foreach (var citizen in new long[] { 11, 12, 13 })
        {
            // officer-b is the leaker and is released second: a ranking by order would put officer-a first.
            await world.ReleaseAsync("officer-a", "ATU", citizen);
            leaked.Add(await world.ReleaseAsync("officer-b", "DB", citizen));
        }
        // Stripped and retyped in the plain forms only: no watermark and no wording of anyone's copy is left.
        var post = string.Join("\n", leaked.Select(c => $"{c.Original.FullName}, NID {c.Original.Nid}, {c.Original.PresentAddress}"));

        var trace = await world.TraceAsync(post);

        Assert.True(trace.Tie);
        Assert.Equal("officer-a and officer-b both received these citizens; no watermark or per-release trait separates them", trace.Reason);
        Assert.Equal(["officer-a", "officer-b"], trace.Suspects.Select(s => s.OfficerId));
        Assert.Equal(trace.Suspects[0].Confidence, trace.Suspects[1].Confidence);
    }

    [Fact]
    public async Task The_leakers_own_wording_names_them_though_another_officer_received_the_same_citizens()
    {
        var world = new LeakWorld();
        var leaked = new List<LeakWorld.Copy>();
        foreach (var citizen in new long[] { 21, 22, 23, 24 })
        {
            await world.ReleaseAsync("officer-a", "ATU", citizen);
            leaked.Add(await world.ReleaseAsync("officer-b", "DB", citizen));
        }
        var post = new LeakPostWriter(new Random(4)).Write(leaked, strip: true, LeakPostWriter.Rewording.None, retype: 0);

        var trace = await world.TraceAsync(post);

        Assert.False(trace.Tie, trace.Reason);
        Assert.Equal("officer-b", trace.Suspects[0].OfficerId);
        Assert.True(trace.Suspects[0].TraitsMatched > 0 && trace.Suspects[0].Confidence >= 0.99, trace.Reason);
        Assert.StartsWith("officer-b: ", trace.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rewording_every_choice_away_from_the_leakers_copy_never_names_the_other_recipient()
    {
        // The attack: the leaker rewrote the per-release wording of his copy; it used to name the innocent at 0.95.
        var world = new LeakWorld();
        var pairs = new List<LeakWorld.Copy>();
        for (var citizen = 31; citizen < 61; citizen++)
        {
            await world.ReleaseAsync("officer-innocent", "ATU", citizen);
            pairs.Add(await world.ReleaseAsync("officer-leaker", "DB", citizen));
        }
        var writer = new LeakPostWriter(new Random(12));
        for (var post = 0; post < 60; post++)
        {
            var leaked = pairs.Skip(post % 27).Take(1 + post % 4).ToList();
            var trace = await world.TraceAsync(writer.Write(leaked, strip: true, LeakPostWriter.Rewording.All, retype: post % 2 * 0.4));
            Assert.False(!trace.Tie && trace.Suspects[0].OfficerId == "officer-innocent", $"post {post}: {trace.Reason}");
        }
    }

    [Fact]
    public async Task A_leak_of_call_records_alone_traces_back_to_its_release_in_any_digits_and_local_time()
    {
        var world = new LeakWorld();
        await world.ReleaseAsync("officer-a", "ATU", 41, Category.NidDetails);
        var calls = await world.ReleaseAsync("officer-b", "DB", 41, Category.CallRecords);
        await world.ReleaseAsync("officer-c", "CTTC", 42, Category.CallRecords);
        var released = calls.Marked.CallRecords.Take(6).ToArray();
        Assert.NotEmpty(released);
        var bangladesh = TimeSpan.FromHours(6);
        var lines = released.Select((c, i) =>
        {
            var local = c.Start.ToDateTimeOffset().ToOffset(bangladesh);
            // Written as a channel post would: local time, the 0 prefix, Bangla digits in every other line.
            var line = $"{i + 1}. 0{c.Callee[3..]}  {local:dd/MM/yyyy HH:mm}  {c.DurationSeconds}s";
            return i % 2 == 0 ? Bangla(line) : line;
        });

        var trace = await world.TraceAsync("call list of the target, last month:\n" + string.Join("\n", lines));

        Assert.False(trace.Tie, trace.Reason);
        Assert.Equal("officer-b", trace.Suspects[0].OfficerId);
        Assert.Single(trace.Suspects);
        Assert.Contains("call", trace.Releases[0].Matched);
    }

    [Fact]
    public async Task A_call_records_release_counts_the_third_party_numbers_it_exposes()
    {
        var world = new LeakWorld();
        var calls = await world.ReleaseAsync("officer-b", "DB", 41, Category.CallRecords);
        var record = Assert.Single(await world.Registry.GetAsync([calls.ReleaseId], default));
        var callees = calls.Marked.CallRecords.Select(c => c.Callee).Where(n => calls.Marked.CallRecords.All(c => c.Caller != n)).Distinct().Count();

        Assert.True(callees > 1);
        Assert.Equal(callees, record.ThirdPartyNumbers);
        Assert.Equal(0, Assert.Single(await world.Registry.GetAsync([(await world.ReleaseAsync("officer-a", "ATU", 41)).ReleaseId], default)).ThirdPartyNumbers);
    }

    private static string Bangla(string text) => new([.. text.Select(c => char.IsAsciiDigit(c) ? (char)('০' + (c - '0')) : c)]);
}
