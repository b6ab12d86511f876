using System.Globalization;

namespace DataBroker.Cli.Identity;

/// <summary>Reads lifetimes the way people write them: 90s, 30m, 8h, 2d (or a TimeSpan such as 01:30:00).</summary>
internal static class DurationText
{
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        if (text.Length >= 2 && double.TryParse(text[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount > 0)
        {
            TimeSpan? span = char.ToLowerInvariant(text[^1]) switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (span is not null)
                return span;
        }
        return TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var parsed) && parsed > TimeSpan.Zero ? parsed : null;
    }
}
