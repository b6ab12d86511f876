using System.Globalization;
using DataBroker.Broker.V1;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.WebConsole.Display;

/// <summary>How protobuf values read on a page: short enum names, UTC times, ages.</summary>
public static class Labels
{
    public const string None = "—";

    /// <summary>REQUEST_STATE_AWAITING_APPROVAL reads "awaiting approval".</summary>
    public static string Of<T>(T value) where T : struct, System.Enum => ProtoEnumNames.Of(value).Replace('_', ' ').ToLowerInvariant();

    public static string Time(Timestamp? timestamp) =>
        timestamp is null ? None : timestamp.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    public static string Age(Timestamp? since, DateTimeOffset now) => since is null ? None : Span(now - since.ToDateTimeOffset());

    /// <summary>A period or wait in words: "under a minute", "12 min", "3 h 5 min", "7 d 0 h".</summary>
    public static string Span(Duration? span) => span is null ? None : Span(span.ToTimeSpan());

    public static string Span(TimeSpan span) =>
        span.TotalMinutes < 1 ? "under a minute"
        : span.TotalHours < 1 ? $"{(int)span.TotalMinutes} min"
        : span.TotalDays < 1 ? $"{(int)span.TotalHours} h {span.Minutes} min"
        : $"{(int)span.TotalDays} d {span.Hours} h";

    public static string Subject(DataBroker.Broker.V1.Subject? subject) => subject?.KindCase switch
    {
        DataBroker.Broker.V1.Subject.KindOneofCase.Nid => "NID " + subject.Nid,
        DataBroker.Broker.V1.Subject.KindOneofCase.Msisdn => "MSISDN " + subject.Msisdn,
        _ => None,
    };

    public static string Categories(IEnumerable<Category> categories) => string.Join(", ", categories.Select(Of));

    public static string Window(TimeWindow? window) =>
        window is null ? None : $"{Time(window.From)} to {Time(window.To)}";

    /// <summary>"1 of 2: approved by phq-approver-1 (supervisor); legal needed" (ranks from the approval policy).</summary>
    public static string Quorum(DataRequest request) =>
        $"{request.Approvals.Count} of {request.ApprovalsRequired}"
        + (request.Approvals.Count > 0
            ? ": approved by " + string.Join(", ", request.Approvals.Select(a => a.ApproverId + (a.ApproverRank.Length > 0 ? $" ({a.ApproverRank})" : "")))
            : "")
        + (request.RanksNeeded.Count > 0 && request.State == RequestState.AwaitingApproval
            ? (request.Approvals.Count > 0 ? "; " : ": ") + string.Join(" and ", request.RanksNeeded) + " needed"
            : "");
}
