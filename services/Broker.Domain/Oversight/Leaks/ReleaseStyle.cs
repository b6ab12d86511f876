using System.Globalization;
using System.Text.RegularExpressions;
using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Domain.Oversight.Leaks;

/// <summary>
/// Per-release wording that does not change meaning, chosen by a keyed hash of the release id: six
/// independent slots ("H# 12" / "House No. 12" / "Holding 12", "Rd." / "Road No." / "Sarak", "Gram" / "Vlg." /
/// "Vil." for "Vill.", "Mohammad" / "Muhammad" / "Mohd." for "Md.", "Mirpur Upazila" / "Upazila Mirpur" / "Mirpur Thana" /
/// "P.S. Mirpur", "Dhaka District" / "Dist. Dhaka" / "Dhaka Zila" / "Zila Dhaka"). The plain forms a retyper
/// falls back to, and the forms of the NID card itself ("House 12", "Md.", "Vill.", "Village", "Dhaka"), are never chosen, so retyping loses a trait but never turns it
/// into another release's.
/// </summary>
public sealed partial class ReleaseStyle
{
    /// <summary>How many choice bytes a style takes.</summary>
    public const int Slots = 6;

    private static readonly string[] House = ["H# {0}", "House No. {0}", "Holding {0}"];
    private static readonly string[] Road = ["Rd. {0}", "Road No. {0}", "Sarak {0}"];
    private static readonly string[] Village = ["Gram {0}", "Vlg. {0}", "Vil. {0}"];
    private static readonly string[] Md = ["Mohammad {0}", "Muhammad {0}", "Mohd. {0}"];
    private static readonly string[] Upazila = ["{0} Upazila", "Upazila {0}", "{0} Thana", "P.S. {0}"];
    private static readonly string[] District = ["{0} District", "Dist. {0}", "{0} Zila", "Zila {0}"];

    private readonly byte[] _choices;

    public ReleaseStyle(ReadOnlySpan<byte> choices)
    {
        if (choices.Length < Slots)
            throw new ArgumentException($"A release style needs {Slots} choice bytes.", nameof(choices));
        _choices = choices[..Slots].ToArray();
    }

    /// <summary>The text in this release's wording; each choice made is added to <paramref name="traits"/>.</summary>
    public string Render(string text, ICollection<StyleTrait> traits)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        text = HousePattern().Replace(text, m => Choose(House, 0, m.Groups[1].Value, traits));
        text = RoadPattern().Replace(text, m => Choose(Road, 1, m.Groups[1].Value, traits));
        text = VillagePattern().Replace(text, m => Choose(Village, 2, m.Groups[1].Value, traits));
        text = MdPattern().Replace(text, m => Choose(Md, 3, m.Groups[1].Value, traits));
        return PlacePattern().Replace(text, m =>
            ", " + Choose(Upazila, 4, m.Groups[1].Value, traits) + ", " + Choose(District, 5, m.Groups[2].Value, traits));
    }

    private string Choose(string[] options, int slot, string value, ICollection<StyleTrait> traits)
    {
        var rendered = options.Select(o => string.Format(CultureInfo.InvariantCulture, o, value)).ToArray();
        var chosen = _choices[slot] % options.Length;
        traits.Add(new StyleTrait([.. rendered.Select(r => string.Join(' ', LeakText.Words(r)))], chosen));
        return rendered[chosen];
    }

    [GeneratedRegex(@"\bHouse (\d+)")]
    private static partial Regex HousePattern();

    [GeneratedRegex(@"\bRoad (\d+)")]
    private static partial Regex RoadPattern();

    [GeneratedRegex(@"\bVill\. ([^,]+)")]
    private static partial Regex VillagePattern();

    [GeneratedRegex(@"^Md\. (\S+)")]
    private static partial Regex MdPattern();

    [GeneratedRegex(@", ([^,]+), ([^,]+)$")]
    private static partial Regex PlacePattern();
}
