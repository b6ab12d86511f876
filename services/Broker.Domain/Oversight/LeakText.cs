using System.Text;
using System.Text.RegularExpressions;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Normalizes text so a released value and its leaked copy compare equal despite light reformatting.
/// <see cref="Canonical"/> also undoes the per-release wording choices (Rd./Road, H#/House, ...), so it
/// matches content; <see cref="Light"/> keeps them, so it tells which release's wording a copy has.
/// </summary>
public static partial class LeakText
{
    /// <summary>Longest run of words compared as one value.</summary>
    public const int MaxWords = 10;

    private static readonly Dictionary<string, string> Synonyms = new(StringComparer.Ordinal)
    {
        ["h#"] = "house", ["h"] = "house", ["rd"] = "road",
        ["vill"] = "village", ["gram"] = "village",
        ["mohammad"] = "md", ["muhammad"] = "md", ["mohammed"] = "md",
    };

    public static bool IsInvisible(char c) => c is >= '\u200B' and <= '\u200F' or >= '\u2060' and <= '\u2064' or '\uFEFF';

    /// <summary>Lower case, invisible characters gone, whitespace collapsed; punctuation and wording kept.</summary>
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
            builder.Append(char.ToLowerInvariant(c));
            space = false;
        }
        return builder.ToString().TrimEnd();
    }

    /// <summary>Words only, with equivalent wordings made one ("H# 12, Rd. 5" and "house 12 road 5" agree).</summary>
    public static string Canonical(string text) => string.Join(' ', CanonicalWords(text));

    public static IReadOnlyList<string> CanonicalWords(string text)
    {
        var words = new List<string>();
        foreach (var raw in NonWord().Split(Light(text)))
        {
            if (raw.Length == 0 || raw == "#")
                continue;
            var trimmed = raw.Length > 1 ? raw.TrimStart('+').TrimEnd('#') : raw;
            var word = Synonyms.GetValueOrDefault(raw, trimmed);
            // "House No. 12" and "Road No. 5" say no more than "House 12" and "Road 5".
            if (word == "no" && words.Count > 0 && words[^1] is "house" or "road")
                continue;
            words.Add(word);
        }
        return words;
    }

    /// <summary>Every run of 1 to <see cref="MaxWords"/> consecutive words, joined by single spaces.</summary>
    public static IEnumerable<string> Runs(IReadOnlyList<string> words, int minWords = 1)
    {
        for (var start = 0; start < words.Count; start++)
        {
            for (var length = minWords; length <= MaxWords && start + length <= words.Count; length++)
                yield return string.Join(' ', words.Skip(start).Take(length));
        }
    }

    /// <summary>NIDs and MSISDNs written with spaces, dashes or a local 0 prefix, as the broker writes them.</summary>
    public static IEnumerable<string> Identifiers(string text)
    {
        foreach (Match match in DigitRun().Matches(text))
        {
            var digits = new string([.. match.Value.Where(char.IsAsciiDigit)]);
            if (digits.Length == 11 && digits.StartsWith("01", StringComparison.Ordinal))
                yield return "88" + digits;
            else if (digits.Length is 10 or 13)
                yield return digits;
        }
    }

    [GeneratedRegex(@"[^\p{L}\p{N}#+]+")]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\+?\d[\d \-]{8,16}\d")]
    private static partial Regex DigitRun();
}
