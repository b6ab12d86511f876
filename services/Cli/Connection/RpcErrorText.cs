using System.Globalization;
using DataBroker.Cli.Output;
using Grpc.Core;

namespace DataBroker.Cli.Connection;

/// <summary>The one line a person sees when the broker refuses or fails a call.</summary>
internal static class RpcErrorText
{
    /// <summary>Trailer a rate-limited call carries: how long to wait before trying again.</summary>
    public const string RetryAfterTrailer = "retry-after-ms";

    public static string Describe(RpcException exception)
    {
        var line = $"error: {exception.StatusCode}: {exception.Status.Detail}";
        var retryAfter = exception.Trailers.GetValue(RetryAfterTrailer);
        // The broker's own refusals already say when to try again; the trailer speaks for other servers' terse ones.
        var saysWhen = exception.Status.Detail.Contains("Try again in", StringComparison.OrdinalIgnoreCase);
        if (!saysWhen && retryAfter is not null && long.TryParse(retryAfter, NumberStyles.Integer, CultureInfo.InvariantCulture, out var ms))
            line += $" (retry after {TimeSpan.FromMilliseconds(ms).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s)";
        // The detail is the server's text (a suspension reason, an echoed field): one line, whatever it holds.
        return DisplayText.OneLine(line);
    }
}
