namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// One per-release wording choice in a release ("H# 12" rather than "House 12"), kept as keyed hashes of
/// every option's words so that a leak shows which option it carries without the registry holding any
/// text. Releases of the same citizen share a slot (same <see cref="Slot"/> and options) and differ only in
/// <see cref="Chosen"/>, which is what tells two recipients' copies apart.
/// </summary>
public sealed record ReleaseTrait(string Slot, IReadOnlyList<string> Options, int Chosen)
{
    /// <summary>The option the text shows: its index, or null when it shows none or several (not observed).</summary>
    public int? ObservedIn(IReadOnlySet<string> traitKeys)
    {
        int? seen = null;
        for (var i = 0; i < Options.Count; i++)
        {
            if (!traitKeys.Contains(Options[i]))
                continue;
            if (seen is not null)
                return null;
            seen = i;
        }
        return seen;
    }
}
