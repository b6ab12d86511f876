using System.Globalization;

namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// What a transparency report covers: [From, To), a calendar month or a calendar quarter in UTC, so that two reports
/// never overlap and the periods published in a year add up to it.
/// </summary>
public sealed record ReportPeriod
{
    private ReportPeriod(DateTimeOffset from, DateTimeOffset to)
    {
        From = from;
        To = to;
    }

    public DateTimeOffset From { get; }

    public DateTimeOffset To { get; }

    public bool IsQuarter => To == From.AddMonths(3);

    public bool Contains(DateTimeOffset at) => at >= From && at < To;

    /// <summary>The period, or INVALID_ARGUMENT naming <c>from</c> or <c>to</c>.</summary>
    public static ReportPeriod Of(DateTimeOffset from, DateTimeOffset to)
    {
        if (from.Offset != TimeSpan.Zero || from.Day != 1 || from.TimeOfDay != TimeSpan.Zero)
            throw DomainException.Invalid("from", "from must be the first instant of a month in UTC, e.g. 2026-10-01T00:00:00Z.");
        if (to != from.AddMonths(1) && !(to == from.AddMonths(3) && (from.Month - 1) % 3 == 0))
            throw DomainException.Invalid("to", string.Create(CultureInfo.InvariantCulture,
                $"to must end the month ({Text(from.AddMonths(1))}) or, from a quarter's first month, the quarter ({Text(from.AddMonths(3))})."));
        return new ReportPeriod(from, to);
    }

    /// <summary>Parses "2026-10-01" or "2026-10-01T00:00:00Z" (the CLI's and the report's forms).</summary>
    public static DateTimeOffset ParseInstant(string text, string field) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw DomainException.Invalid(field, $"{field} must be a UTC date like 2026-10-01.");

    public static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
