using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace DataBroker.Broker.Domain.Oversight.Leaks;

/// <summary>
/// An invisible per-release mark: 32 bits of a keyed hash of the release id plus 8 check bits, written
/// as zero-width characters between two word joiners inside released text fields. It survives
/// copy-paste into chat apps that keep zero-width characters; when stripped, tracing falls back to content.
/// </summary>
public static partial class ReleaseWatermark
{
    private const char Zero = '\u200B';
    private const char One = '\u200C';
    private const char Fence = '\u2060';

    /// <summary>The invisible text for a mark (8 hex digits).</summary>
    public static string Invisible(string mark)
    {
        var bits = uint.Parse(mark, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        var builder = new StringBuilder(42).Append(Fence);
        for (var i = 31; i >= 0; i--)
            builder.Append(((bits >> i) & 1) == 1 ? One : Zero);
        var check = Check(bits);
        for (var i = 7; i >= 0; i--)
            builder.Append(((check >> i) & 1) == 1 ? One : Zero);
        return builder.Append(Fence).ToString();
    }

    /// <summary>Puts the mark after the first word, so a copy of part of the field still carries it.</summary>
    public static string Embed(string text, string invisible)
    {
        if (string.IsNullOrEmpty(text))
            return text;
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        return space < 0 ? text + invisible : text[..space] + invisible + text[space..];
    }

    /// <summary>Marks found in a text, with how often each occurs; marks failing their check bits are dropped.</summary>
    public static Dictionary<string, int> Extract(string text)
    {
        var found = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in Pattern().Matches(text))
        {
            uint bits = 0;
            byte check = 0;
            for (var i = 0; i < 40; i++)
            {
                var bit = match.Groups[1].Value[i] == One ? 1u : 0u;
                if (i < 32)
                    bits = (bits << 1) | bit;
                else
                    check = (byte)(((uint)check << 1) | bit);
            }
            if (check != Check(bits))
                continue;
            var mark = bits.ToString("x8", CultureInfo.InvariantCulture);
            found[mark] = found.GetValueOrDefault(mark) + 1;
        }
        return found;
    }

    private static byte Check(uint bits) => (byte)((bits ^ (bits >> 8) ^ (bits >> 16) ^ (bits >> 24) ^ 0xA5) & 0xFF);

    [GeneratedRegex("\u2060([\u200B\u200C]{40})\u2060")]
    private static partial Regex Pattern();
}
