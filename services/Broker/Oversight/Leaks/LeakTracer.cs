using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Oversight.Leaks;

/// <summary>
/// Traces leaked text to releases: watermarks first; then every identifier and every run of words in
/// the text is hashed with the registry's key and looked up, so the text itself is never stored.
/// </summary>
public sealed class LeakTracer(IReleaseRegistry registry, HmacSubjectPseudonymizer keys)
{
    public const int MaxTextLength = TextLimits.LeakText;

    public async Task<LeakTrace> TraceAsync(string text, int maxResults, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw DomainException.Invalid("text", "text is required: paste the leaked post.");
        if (text.Length > MaxTextLength)
            throw DomainException.Invalid("text", $"text may hold at most {MaxTextLength / 1024} KiB; trace the leak in parts.");

        var watermarks = ReleaseWatermark.Extract(text);
        var candidates = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in LeakText.Identifiers(text))
            candidates.Add("c:" + id);
        foreach (var run in LeakText.Runs(LeakText.CanonicalWords(text)))
            candidates.Add("c:" + run);
        foreach (var run in LeakText.Runs(LeakText.Light(text).Split(' '), minWords: 2))
            candidates.Add("r:" + run);
        var hashed = candidates.Select(keys.Keyed).ToHashSet(StringComparer.Ordinal);

        var lookups = hashed.Concat(watermarks.Keys.Select(m => "m:" + m)).ToArray();
        var found = await registry.FindAsync(lookups, cancellationToken);
        var releaseIds = found.Values.SelectMany(ids => ids).Distinct(StringComparer.Ordinal).ToArray();
        var releases = await registry.GetAsync(releaseIds, cancellationToken);
        return LeakRanking.Rank(releases, hashed, watermarks, maxResults);
    }
}
