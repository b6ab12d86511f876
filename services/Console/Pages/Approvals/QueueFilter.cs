using DataBroker.Broker.V1;
using DataBroker.Records.V1;

namespace DataBroker.WebConsole.Pages.Approvals;

/// <summary>
/// Narrows the queue the broker returned (it already holds only this HQ's requests) by unit, category, urgency
/// and age. Filters are display only: they never widen what the broker shows.
/// </summary>
public sealed record QueueFilter(string? Unit, Category? Category, Urgency? Urgency, int? OlderThanMinutes)
{
    public bool Matches(DataRequest request, DateTimeOffset now) =>
        (string.IsNullOrEmpty(Unit) || string.Equals(request.Unit, Unit, StringComparison.Ordinal))
        && (Category is not { } category || request.Categories.Contains(category))
        && (Urgency is not { } urgency || request.Urgency == urgency)
        && (OlderThanMinutes is not { } minutes || request.CreatedAt is null || now - request.CreatedAt.ToDateTimeOffset() >= TimeSpan.FromMinutes(minutes));

    /// <summary>The same filter as a query string, so the live refresh re-reads the rows the person chose.</summary>
    public string Query()
    {
        var parts = new List<string>();
        if (!string.IsNullOrEmpty(Unit))
            parts.Add("unit=" + Uri.EscapeDataString(Unit));
        if (Category is { } category)
            parts.Add("category=" + category);
        if (Urgency is { } urgency)
            parts.Add("urgency=" + urgency);
        if (OlderThanMinutes is { } minutes)
            parts.Add("olderThanMinutes=" + minutes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return string.Join("&", parts);
    }
}
