using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Normalizes text so a released value and its leaked copy compare equal despite light reformatting.
/// <see cref="Canonical"/> also undoes the per-release wording choices (Rd./Road, H#/House, Zila/District,
/// ...), so it matches content; <see cref="Words"/> keeps them, so it tells which release's wording a copy has.
/// Digits of any script (Bangla ০-৯ included) read as ASCII digits everywhere.
/// </summary>
public static partial class LeakText
{
    /// <summary>Longest run of words compared as one value.</summary>
    public const int MaxWords = 10;

    /// <summary>Longest run of words one wording choice (a trait) spans: "house no 12", "p s cox bazar".</summary>
    public const int MaxTraitWords = 6;

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["h#"] = "house", ["h"] = "house", ["holding"] = "house", ["rd"] = "road",
        ["vill"] = "village", ["vil"] = "village", ["gram"] = "village", ["vlg"] = "village", ["sarak"] = "road",
        ["mohammad"] = "md", ["muhammad"] = "md", ["mohammed"] = "md", ["mohd"] = "md",
    };

    /// <summary>Words that only decorate a place name ("Mirpur Thana", "Dist. Dhaka"): no content, dropped.</summary>
    private static readonly HashSet<string> Decorations = new(StringComparer.Ordinal)
    {
        "upazila", "upz", "thana", "district", "dist", "zila",
    };

    public static bool IsInvisible(char c) => c is >= '\u200B' and <= '\u200F' or >= '\u2060' and <= '\u2064' or '\uFEFF';

    /// <summary>A decimal digit of any script (Bangla, Arabic-Indic, fullwidth...) as its ASCII digit; anything else unchanged.</summary>
    public static char AsciiDigit(char c) =>
        char.IsDigit(c) && !char.IsAsciiDigit(c) ? (char)('0' + (int)char.GetNumericValue(c)) : c;

    /// <summary>Lower case, invisible characters gone, digits ASCII, whitespace collapsed; punctuation and wording kept.</summary>
    public static string Light(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = true;
        foreach (var c in text)
        {
            if (IsInvisible(c))
                continue;
            if (char.IsWhiteSpace(c))
            {
                if (!space)
                    builder.Append(' ');
                space = true;
                continue;
            }
            builder.Append(char.ToLowerInvariant(AsciiDigit(c)));
            space = false;
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>Words as written (lower case, punctuation gone but '#'): "H# 12, Rd. 5" is "h# 12 rd 5".</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        var words = new List<string>();
        foreach (var raw in NonWord().Split(Light(text)))
        {
            if (raw.Length == 0 || raw == "#")
                continue;
            words.Add(raw.Length > 1 ? raw.TrimStart('+').TrimEnd('#') : raw);
        }
        return words;
    }

    /// <summary>Words only, with equivalent wordings made one ("H# 12, Rd. 5" and "house 12 road 5" agree).</summary>
    public static string Canonical(string text) => string.Join(' ', CanonicalWords(text));

    public static IReadOnlyList<string> CanonicalWords(string text)
    {
        var words = new List<string>();
        foreach (var raw in Words(text))
        {
            if (Decorations.Contains(raw))
                continue;
            // "H# 12" splits into "h#" and "12"; "h#" alone is a house, "#" alone is nothing.
            var word = Synonyms.GetValueOrDefault(raw, raw);
            // "House No. 12" and "Road No. 5" say no more than "House 12" and "Road 5".
            if (word == "no" && words.Count > 0 && words[^1] is "house" or "road")
                continue;
            // "P.S. Mirpur" (police station) is the same place as "Mirpur".
            if (word == "s" && words.Count > 0 && words[^1] == "p")
            {
                words.RemoveAt(words.Count - 1);
                continue;
            }
            words.Add(word);
        }
        return words;
    }

    /// <summary>Every run of <paramref name="minWords"/> to <paramref name="maxWords"/> consecutive words, joined by single spaces.</summary>
    public static IEnumerable<string> Runs(IReadOnlyList<string> words, int minWords = 1, int maxWords = MaxWords)
    {
        var run = new StringBuilder();
        for (var start = 0; start < words.Count; start++)
        {
            run.Clear();
            for (var length = 1; length <= maxWords && start + length <= words.Count; length++)
            {
                if (length > 1)
                    run.Append(' ');
                run.Append(words[start + length - 1]);
                if (length >= minWords)
                    yield return run.ToString();
            }
        }
    }

    /// <summary>
    /// NIDs and MSISDNs however written: digits of any script, spaces, dashes, dots or brackets between them,
    /// and a +880 / 880 / 00880 / 0 prefix or none. A number list ("2. 01712...") may run into the number, so
    /// every run of whole digit groups is tried. A bare 10-digit number starting with 1 may be an NID or a
    /// mobile number without its prefix, so both readings are given.
    /// </summary>
    public static IEnumerable<string> Identifiers(string text)
    {
        var ascii = new string([.. text.Select(AsciiDigit)]);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in DigitRun().Matches(ascii))
        {
            var groups = DigitGroup().Matches(match.Value).Select(g => g.Value).ToArray();
            for (var first = 0; first < groups.Length; first++)
            {
                var digits = "";
                for (var last = first; last < groups.Length && digits.Length < 17; last++)
                {
                    digits += groups[last];
                    foreach (var identifier in Readings(digits))
                    {
                        if (found.Add(identifier))
                            yield return identifier;
                    }
                }
            }
        }
    }

    private static IEnumerable<string> Readings(string digits)
    {
        if (digits.StartsWith("00880", StringComparison.Ordinal))
            digits = digits[2..];
        if (digits.Length == 11 && digits.StartsWith("01", StringComparison.Ordinal))
            yield return "88" + digits;
        else if (digits.Length == 10 && digits[0] == '1')
        {
            yield return digits;
            yield return "880" + digits;
        }
        else if (digits.Length is 10 or 13 or 17)
            yield return digits;
    }

    /// <summary>A mobile number as the registry keys it: ASCII digits, 880 and 13 digits however it was written.</summary>
    public static string Msisdn(string number)
    {
        var digits = new string([.. number.Select(AsciiDigit).Where(char.IsAsciiDigit)]);
        if (digits.StartsWith("00880", StringComparison.Ordinal))
            return digits[2..];
        if (digits.Length == 11 && digits[0] == '0')
            return "88" + digits;
        return digits.Length == 10 && digits[0] == '1' ? "880" + digits : digits;
    }

    /// <summary>
    /// Call records in a post: each mobile number paired with each time written on its line or the lines next
    /// to it. A time without an offset is read both as UTC and as Bangladesh time (+06:00).
    /// </summary>
    public static IEnumerable<(string Number, DateTimeOffset Start)> Calls(string text)
    {
        var lines = new string([.. text.Select(AsciiDigit)]).Split('\n');
        var times = lines.Select(Times).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var numbers = Identifiers(lines[i]).Where(n => n.Length == 13 && n.StartsWith("880", StringComparison.Ordinal)).ToArray();
            if (numbers.Length == 0)
                continue;
            var near = times[i].Count > 0 ? times[i] : [.. (i > 0 ? times[i - 1] : []).Concat(i + 1 < lines.Length ? times[i + 1] : [])];
            foreach (var number in numbers)
            {
                foreach (var time in near)
                    yield return (number, time);
            }
        }
    }

    private static List<DateTimeOffset> Times(string line)
    {
        var found = new List<DateTimeOffset>();
        foreach (Match m in IsoTime().Matches(line))
            AddTime(found, m.Groups["y"].Value, m.Groups["mo"].Value, m.Groups["d"].Value, m.Groups["h"].Value, m.Groups["mi"].Value, "", m.Groups["z"].Value);
        foreach (Match m in DayFirstTime().Matches(line))
            AddTime(found, m.Groups["y"].Value, m.Groups["mo"].Value, m.Groups["d"].Value, m.Groups["h"].Value, m.Groups["mi"].Value, m.Groups["ap"].Value, "");
        return found;
    }

    private static void AddTime(List<DateTimeOffset> found, string year, string month, string day, string hour, string minute, string ampm, string zone)
    {
        var h = int.Parse(hour, CultureInfo.InvariantCulture);
        if (ampm.Length > 0)
            h = h % 12 + (ampm[0] is 'p' or 'P' ? 12 : 0);
        if (!DateOnly.TryParseExact($"{year}-{month.PadLeft(2, '0')}-{day.PadLeft(2, '0')}", "yyyy-MM-dd", CultureInfo.InvariantCulture,
                DateTimeStyles.None, out var date) || h > 23)
            return;
        var local = date.ToDateTime(new TimeOnly(h, int.Parse(minute, CultureInfo.InvariantCulture) % 60));
        if (zone is "Z" or "z")
            found.Add(new DateTimeOffset(local, TimeSpan.Zero));
        else if (zone.Length > 0 && TimeSpan.TryParseExact(zone.TrimStart('+', '-').Replace(":", "", StringComparison.Ordinal), "hhmm",
                     CultureInfo.InvariantCulture, out var offset))
            found.Add(new DateTimeOffset(local, zone[0] == '-' ? -offset : offset));
        else
        {
            found.Add(new DateTimeOffset(local, TimeSpan.Zero));
            found.Add(new DateTimeOffset(local, TimeSpan.FromHours(6)));
        }
    }

    [GeneratedRegex(@"[^\p{L}\p{N}#+]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\d[\d \-.()]{8,24}\d")]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitGroup();

    [GeneratedRegex(@"(?<y>\d{4})-(?<mo>\d{1,2})-(?<d>\d{1,2})[T ]+(?<h>\d{1,2}):(?<mi>\d{2})(?::\d{2}(?:\.\d+)?)?\s?(?<z>[Zz]|[+-]\d{2}:?\d{2})?")]
    private static partial Regex IsoTime();

    [GeneratedRegex(@"\b(?<d>\d{1,2})[/.](?<mo>\d{1,2})[/.](?<y>\d{4}),?\s+(?<h>\d{1,2}):(?<mi>\d{2})(?::\d{2})?\s?(?<ap>[AaPp][Mm])?")]
    private static partial Regex DayFirstTime();
}
