using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Oversight.Leaks;

namespace DataBroker.Broker.Tests.Oversight;

public sealed class LeakTextTests
{
    [Theory]
    [InlineData("H# 12, Rd. 5, Mirpur, Dhaka", "house 12 road 5 mirpur dhaka")]
    [InlineData("House No. 12, Road No. 5, Mirpur, Dhaka", "house 12 road 5 mirpur dhaka")]
    [InlineData("  house 12 ,road 5  MIRPUR  dhaka. ", "house 12 road 5 mirpur dhaka")]
    [InlineData("Gram Uttar Para, Savar, Dhaka", "village uttar para savar dhaka")]
    [InlineData("Mohammad Rahim Uddin", "md rahim uddin")]
    public void Equivalent_wordings_have_one_canonical_form(string text, string canonical) =>
        Assert.Equal(canonical, LeakText.Canonical(text));

    [Fact]
    public void Identifiers_are_found_however_they_are_spaced()
    {
        var found = LeakText.Identifiers("nid 123 456 7890, call 01712-345678 or +8801812345678").ToArray();
        Assert.Contains("1234567890", found);
        Assert.Contains("8801712345678", found);
        Assert.Contains("8801812345678", found);
    }

    [Theory]
    [InlineData("+880 1712-345678")]
    [InlineData("880-1712-345678")]
    [InlineData("01712 345 678")]
    [InlineData("(+880) 1712.345.678")]
    [InlineData("00880 1712345678")]
    [InlineData("1712345678")]
    [InlineData("০১৭১২-৩৪৫৬৭৮")]
    [InlineData("+৮৮০ ১৭১২ ৩৪৫৬৭৮")]
    [InlineData("2. 01712345678")]
    public void A_mobile_number_in_any_script_prefix_and_separators_reads_as_one_msisdn(string written)
    {
        Assert.Contains("8801712345678", LeakText.Identifiers("call " + written + " today"));
        Assert.Equal("8801712345678", LeakText.Msisdn(written.StartsWith("2. ", StringComparison.Ordinal) ? written[3..] : written));
    }

    [Fact]
    public void An_nid_in_bangla_digits_reads_as_the_same_nid()
    {
        Assert.Contains("5167175992", LeakText.Identifiers("এনআইডি ৫১৬৭১৭৫৯৯২"));
        Assert.Contains("5167175992", LeakText.Identifiers("NID: ৫১৬ ৭১৭ ৫৯৯২"));
        Assert.Equal("house 12 road 5 mirpur dhaka", LeakText.Canonical("House ১২, Road ৫, Mirpur, Dhaka"));
    }

    [Fact]
    public void Call_times_are_read_in_utc_with_or_without_an_offset_and_day_first()
    {
        var calls = LeakText.Calls("01712345678  2026-11-02 20:35\n+8801812345678 at 2026-11-02T14:35:10Z\n৮৮০১৯১২৩৪৫৬৭৮ ০২/১১/২০২৬ ৮:৩৫ PM").ToArray();
        var utc = new DateTimeOffset(2026, 11, 2, 14, 35, 0, TimeSpan.Zero);
        // No offset: read as Bangladesh time too (20:35 +06:00 is 14:35 UTC).
        Assert.Contains(calls, c => c.Number == "8801712345678" && c.Start == utc);
        Assert.Contains(calls, c => c.Number == "8801812345678" && c.Start == utc);
        Assert.Contains(calls, c => c.Number == "8801912345678" && c.Start == utc);
    }

    [Fact]
    public void Every_release_style_renders_to_the_same_canonical_text_and_makes_six_choices()
    {
        const string address = "House 7, Road 11, Gulshan, Dhaka";
        var renderings = new List<string>();
        foreach (var i in Enumerable.Range(0, 144))
        {
            var traits = new List<StyleTrait>();
            renderings.Add(new ReleaseStyle([(byte)(i % 3), (byte)(i / 3 % 3), 0, 0, (byte)(i / 9 % 4), (byte)(i / 36)]).Render(address, traits));
            Assert.Equal(4, traits.Count);
            Assert.All(traits, t => Assert.DoesNotContain(t.Options, o => o is "house 7" or "road 11"));
        }
        Assert.Equal(144, renderings.Distinct().Count());
        Assert.Single(renderings.Select(LeakText.Canonical).Distinct());
        Assert.Equal(LeakText.Canonical(address), renderings.Select(LeakText.Canonical).First());

        var named = new List<StyleTrait>();
        Assert.NotEqual("Md. Rahim Uddin", new ReleaseStyle([0, 0, 0, 1, 0, 0]).Render("Md. Rahim Uddin", named));
        Assert.Equal("md rahim uddin", LeakText.Canonical(new ReleaseStyle([0, 0, 0, 1, 0, 0]).Render("Md. Rahim Uddin", [])));
        Assert.Single(named);
    }

    [Fact]
    public void A_watermark_survives_embedding_and_a_corrupted_one_is_ignored()
    {
        var invisible = ReleaseWatermark.Invisible("deadbeef");
        var text = "Leaked: " + ReleaseWatermark.Embed("Rahim Uddin", invisible) + " and " + ReleaseWatermark.Embed("Karim Mia", invisible);
        Assert.Equal(2, ReleaseWatermark.Extract(text)["deadbeef"]);
        Assert.Equal("Leaked: Rahim Uddin and Karim Mia", new string([.. text.Where(c => !LeakText.IsInvisible(c))]));

        var flipped = invisible.Replace('\u200B', '\u200D').Insert(5, "\u200C");
        Assert.Empty(ReleaseWatermark.Extract(invisible[..20] + invisible[21..]));
        Assert.Empty(ReleaseWatermark.Extract(flipped));
    }
}
