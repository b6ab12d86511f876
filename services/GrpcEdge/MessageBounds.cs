namespace DataBroker.GrpcEdge;

/// <summary>
/// The most a request may hold, checked as it is read, before any handler runs. Every string field has a
/// bound (the default, or a longer one named here), so a field nobody thought about is bounded too.
/// </summary>
public sealed record MessageBounds
{
    /// <summary>The largest request message, in bytes, the service reads at all (larger: RESOURCE_EXHAUSTED).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024;

    /// <summary>Characters in a string field not named in <see cref="TextLength"/>.</summary>
    public int DefaultTextLength { get; init; } = 256;

    /// <summary>Entries in any repeated or map field.</summary>
    public int MaxEntries { get; init; } = 64;

    /// <summary>Longer (or shorter) bounds by the field's full proto name, e.g. <c>databroker.broker.v1.DecideRequest.note</c>.</summary>
    public IReadOnlyDictionary<string, int> TextLength { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public int TextLengthOf(string fieldFullName) =>
        TextLength.TryGetValue(fieldFullName, out var length) ? length : DefaultTextLength;
}
