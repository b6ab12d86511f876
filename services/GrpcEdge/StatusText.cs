namespace DataBroker.GrpcEdge;

/// <summary>
/// Keeps a status message short and on one line whatever a caller sent: grpc-js clients hang on a
/// grpc-message above ~64 KB, and nginx turns a few KB into a 502.
/// </summary>
public static class StatusText
{
    /// <summary>The longest status message any service sends.</summary>
    public const int MaxLength = 512;

    public static string Cap(string? detail, int maxLength = MaxLength)
    {
        if (string.IsNullOrEmpty(detail))
            return "";
        var line = detail.ReplaceLineEndings(" ");
        return line.Length <= maxLength ? line : string.Concat(line.AsSpan(0, maxLength - 1), "…");
    }
}
