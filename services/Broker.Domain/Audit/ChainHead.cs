using System.Globalization;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// The keyed "latest" pointer: how many entries the chain has and the hash of the last. Without it a
/// chain cut after its last checkpoint would still verify.
/// </summary>
public sealed record ChainHead(long Seq, string Hash, string Mac)
{
    public string Text => string.Create(CultureInfo.InvariantCulture, $"{Seq} {Hash} {Mac}");

    /// <summary>Null when the text is not a head this broker wrote.</summary>
    public static ChainHead? Parse(string? text)
    {
        var parts = text?.Split(' ');
        return parts is { Length: 3 } && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            && parts[0] == seq.ToString(CultureInfo.InvariantCulture)
            ? new ChainHead(seq, parts[1], parts[2])
            : null;
    }
}
