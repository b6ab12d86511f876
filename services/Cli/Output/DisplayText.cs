using System.Globalization;
using DataBroker.Broker.V1;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Cli.Output;

/// <summary>How protobuf values read to a person: short enum names, ISO 8601 UTC times.</summary>
internal static class DisplayText
{
    public const string None = "-";

    /// <summary>REQUEST_STATE_AWAITING_APPROVAL reads AWAITING_APPROVAL: the enum's own prefix is noise.</summary>
    public static string Short<T>(T value) where T : struct, System.Enum => ProtoEnumNames.Of(value);

    /// <summary>Reads a short name back ("awaiting-approval", "AWAITING_APPROVAL"); null when none matches.</summary>
    public static T? ParseShort<T>(string text) where T : struct, System.Enum
    {
        var wanted = text.Trim().Replace('-', '_').ToUpperInvariant();
        foreach (var value in System.Enum.GetValues<T>())
        {
            if (Convert.ToInt32(value, CultureInfo.InvariantCulture) != 0 && Short(value) == wanted)
                return value;
        }
        return null;
    }

    /// <summary>The names a person may type for <typeparamref name="T"/>, for error messages.</summary>
    public static string Choices<T>() where T : struct, System.Enum =>
        string.Join(", ", System.Enum.GetValues<T>()
            .Where(v => Convert.ToInt32(v, CultureInfo.InvariantCulture) != 0)
            .Select(v => Short(v).ToLowerInvariant().Replace('_', '-')));

    public static string Time(Timestamp? timestamp) =>
        timestamp is null ? None : Time(timestamp.ToDateTimeOffset());

    public static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Subject(Subject? subject) => subject?.KindCase switch
    {
        Broker.V1.Subject.KindOneofCase.Nid => "nid " + subject.Nid,
        Broker.V1.Subject.KindOneofCase.Msisdn => "msisdn " + subject.Msisdn,
        _ => None,
    };

    public static string Categories(IEnumerable<Category> categories) =>
        string.Join(",", categories.Select(Short));

    public static string Window(TimeWindow? window) =>
        window is null ? None : $"{Time(window.From)} .. {Time(window.To)}";

    /// <summary>"1/2", and the ranks still needed when the policy names some: "1/2 needs legal".</summary>
    public static string Approvals(DataRequest request) =>
        $"{request.Approvals.Count}/{request.ApprovalsRequired}"
        + (request.RanksNeeded.Count > 0 && request.State == RequestState.AwaitingApproval ? " needs " + string.Join("+", request.RanksNeeded) : "");

    public static string OrNone(string? text) => string.IsNullOrEmpty(text) ? None : text;

    /// <summary>
    /// <paramref name="text"/> with every line break as a space: a view that prints one line per item must not let a
    /// note or reason start a line that looks like another item. (Control and bidi characters are the writer's job.)
    /// </summary>
    public static string OneLine(string text) => text.ReplaceLineEndings(" ");
}
