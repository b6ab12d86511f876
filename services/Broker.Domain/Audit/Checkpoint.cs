using System.Globalization;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>A keyed commitment to the chain as of entry <see cref="Seq"/>: whoever lacks the key cannot forge one.</summary>
public sealed record Checkpoint(long Seq, string Hash, DateTimeOffset At, string Mac)
{
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Seq} {Hash} {At.ToUnixTimeMilliseconds()} {Mac}");

    /// <summary>Null when the text is not a checkpoint this broker wrote.</summary>
    public static Checkpoint? Parse(string text)
    {
        var parts = text.Split(' ');
        if (parts.Length != 4
            || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            || parts[0] != seq.ToString(CultureInfo.InvariantCulture)
            || parts[2] != ms.ToString(CultureInfo.InvariantCulture))
            return null;
        return new Checkpoint(seq, parts[1], DateTimeOffset.FromUnixTimeMilliseconds(ms), parts[3]);
    }
}
