using System.Globalization;
using System.Text;

namespace DataBroker.WebConsole.Display;

/// <summary>
/// Makes a string safe to show beyond HTML encoding (which Razor already does): control characters (ANSI escapes
/// start with one) and bidirectional overrides or isolates, which can make a hostile string read backwards, are
/// shown as visible code points instead of acting.
/// </summary>
public static class InertText
{
    public static string Of(string? text)
    {
        if (string.IsNullOrEmpty(text))
            return "";
        StringBuilder? built = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (IsActive(c))
            {
                built ??= new StringBuilder(text, 0, i, text.Length + 16);
                built.Append("[U+").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)).Append(']');
            }
            else
            {
                built?.Append(c);
            }
        }
        return built?.ToString() ?? text;
    }

    private static bool IsActive(char c) =>
        (char.IsControl(c) && c is not '\n' and not '\t')
        || c is >= '\u202A' and <= '\u202E' // embeddings and overrides
        || c is >= '\u2066' and <= '\u2069' // isolates
        || c is '\u200E' or '\u200F' or '\u061C'; // marks
}
