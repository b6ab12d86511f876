namespace DataBroker.Broker.Domain;

/// <summary>
/// A caller's value as a message may repeat it back: at most <see cref="MaxLength"/> characters, on one
/// line. Every message that names what the caller sent goes through here, so none grows with the input.
/// </summary>
public static class Echo
{
    public const int MaxLength = 64;

    public static string Of(string? value)
    {
        if (string.IsNullOrEmpty(value))
            return "";
        var shown = value.Length <= MaxLength ? value : string.Concat(value.AsSpan(0, MaxLength - 1), "…");
        return string.Create(shown.Length, shown, (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
        });
    }
}
