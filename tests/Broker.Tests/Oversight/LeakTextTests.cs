using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Oversight.Leaks;

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
        Assert.Equal(["1234567890", "8801712345678", "8801812345678"], found);
    }

    [Fact]
    public void Every_release_style_renders_to_the_same_canonical_text()
    {
        const string address = "House 7, Road 11, Gulshan, Dhaka";
        var renderings = Enumerable.Range(0, 27).Select(i => new ReleaseStyle([(byte)(i % 3), (byte)(i / 3 % 3), (byte)(i / 9), 0]).Render(address)).ToArray();
        Assert.Equal(9, renderings.Distinct().Count());
        Assert.Single(renderings.Select(LeakText.Canonical).Distinct());
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
