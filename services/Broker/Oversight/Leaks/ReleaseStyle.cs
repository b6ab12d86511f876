using System.Text.RegularExpressions;

namespace DataBroker.Broker.Oversight.Leaks;

/// <summary>
/// Per-release wording that does not change meaning ("Road 5" / "Rd. 5" / "Road No. 5", "Vill." /
/// "Village" / "Gram", "Md." / "Md" / "Mohammad"), chosen by a keyed hash of the release id. Two officers
/// who received the same citizen most likely received it worded differently, which survives a stripped watermark.
/// </summary>
public sealed partial class ReleaseStyle(ReadOnlySpan<byte> choices)
{
    private static readonly string[] House = ["House ", "H# ", "House No. "];
    private static readonly string[] Road = ["Road ", "Rd. ", "Road No. "];
    private static readonly string[] Village = ["Vill. ", "Village ", "Gram "];
    private static readonly string[] Md = ["Md. ", "Md ", "Mohammad "];

    private readonly string _house = House[choices[0] % 3];
    private readonly string _road = Road[choices[1] % 3];
    private readonly string _village = Village[choices[2] % 3];
    private readonly string _md = Md[choices[3] % 3];

    public string Render(string text)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        text = HousePattern().Replace(text, m => _house + m.Groups[1].Value);
        text = RoadPattern().Replace(text, m => _road + m.Groups[1].Value);
        text = VillagePattern().Replace(text, _village);
        return MdPattern().Replace(text, _md);
    }

    [GeneratedRegex(@"\bHouse (\d+)")]
    private static partial Regex HousePattern();

    [GeneratedRegex(@"\bRoad (\d+)")]
    private static partial Regex RoadPattern();

    [GeneratedRegex(@"\bVill\. ")]
    private static partial Regex VillagePattern();

    [GeneratedRegex(@"^Md\. ")]
    private static partial Regex MdPattern();
}
