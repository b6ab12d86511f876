using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight.Leaks;

/// <summary>
/// Traces leaked text to releases: watermarks first; then every identifier, every call (number and time)
/// and every run of words in the text is hashed with the registry's key and looked up, so the text itself is
/// never stored. Only releases that reached their officer count: a registered release whose fetch then lost
/// a race (to a cancel, or to another fetch) left nothing with anyone.
/// </summary>
public sealed class LeakTracer(IReleaseRegistry registry, IRequestStore requests, HmacSubjectPseudonymizer keys)
{
    public const int MaxTextLength = TextLimits.LeakText;

    public async Task<LeakTrace> TraceAsync(string text, int maxResults, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
            throw DomainException.Invalid("text", "text is required: paste the leaked post.");
        if (text.Length > MaxTextLength)
            throw DomainException.Invalid("text", $"text may hold at most {MaxTextLength / 1024} KiB; trace the leak in parts.");

        var evidence = Read(text, keys);
        var candidates = await CandidatesAsync(registry, evidence, cancellationToken);
        var reached = await Task.WhenAll(candidates.Select(async release =>
        {
            var request = await requests.GetAsync(release.Unit, release.RequestId, cancellationToken);
            return request?.ReleaseId == release.ReleaseId ? release : null;
        }));
        return LeakRanking.Rank([.. reached.OfType<ReleaseRecord>()], evidence, maxResults);
    }

    /// <summary>The text as keyed hashes: content and calls (to look up), wording as written (to compare), watermarks.</summary>
    public static LeakEvidence Read(string text, HmacSubjectPseudonymizer keys)
    {
        var content = new HashSet<string>(StringComparer.Ordinal);
        foreach (var id in LeakText.Identifiers(text))
            content.Add(LeakKeys.Content(id));
        foreach (var run in LeakText.Runs(LeakText.CanonicalWords(text)))
            content.Add(LeakKeys.Content(run));
        foreach (var (number, start) in LeakText.Calls(text))
            content.Add(LeakKeys.Call(number, start));
        var traits = keys.KeyedAll(LeakText.Runs(LeakText.Words(text), minWords: 2, maxWords: LeakText.MaxTraitWords).Select(LeakKeys.Trait));
        return new LeakEvidence(keys.KeyedAll(content), traits, ReleaseWatermark.Extract(text));
    }

    /// <summary>Every registered release the evidence names by a value or a watermark.</summary>
    public static async Task<IReadOnlyList<ReleaseRecord>> CandidatesAsync(IReleaseRegistry registry, LeakEvidence evidence,
        CancellationToken cancellationToken)
    {
        var lookups = evidence.ContentKeys.Concat(evidence.Watermarks.Keys.Select(m => "m:" + m)).ToArray();
        var found = await registry.FindAsync(lookups, cancellationToken);
        var releaseIds = found.Values.SelectMany(ids => ids).Distinct(StringComparer.Ordinal).ToArray();
        return await registry.GetAsync(releaseIds, cancellationToken);
    }
}
