using System.Globalization;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Decides which officer a leak came from, and says so only when the evidence separates them.
/// </summary>
/// <remarks>
/// A release is in the leak when a watermark of it, an identifier of it, or values of two of its fields
/// are found. Each candidate officer is then weighed as the source of the whole post:
/// <list type="bullet">
/// <item>a leaked citizen the officer never received: factor <see cref="ForeignCitizen"/>, and 1/options for each
/// wording of it the post shows (it came in someone else's wording);</item>
/// <item>a watermark of another officer's release: factor <see cref="ForeignWatermark"/>;</item>
/// <item>per-release traits: each marked wording the post shows either matches the officer's copy or
/// contradicts it. Retyping may have rewritten any share of them away from the source's copy (a rewrite
/// picks one of the slot's other options), so the rewritten share is integrated out under a uniform prior:
/// m matched and c contradicted give m! c! / (m + c + 1)! times 1/(options - 1) per contradiction.</item>
/// </list>
/// Evidence every recipient shares weighs the same for all and cancels. Confidence is each officer's share
/// of the summed weights (a posterior under a uniform prior over the candidates); the first is named only
/// at <see cref="NameAt"/> or above, otherwise the answer is a tie, and its reason says why.
/// </remarks>
public static class LeakRanking
{
    public const double WatermarkWeight = 10;

    /// <summary>An NID or MSISDN (or a callee number with its call time) names a release's citizen by itself.</summary>
    public const double IdentifierWeight = 3;

    /// <summary>Without an identifier, found values of two fields must weigh this much (a name and an address).</summary>
    public const double MinimumScore = 3;

    /// <summary>How likely a post carries a citizen its source never received (from elsewhere).</summary>
    public const double ForeignCitizen = 0.05;

    /// <summary>How likely a post carries a watermark of a release its source never received.</summary>
    public const double ForeignWatermark = 1e-4;

    /// <summary>The probability at which the leading officer is named; below it the answer is a tie.</summary>
    public const double NameAt = 0.999;

    /// <summary>Content alone is never certainty: the records might have come from elsewhere.</summary>
    private const double ContentOnlyCap = 0.99;

    public static LeakTrace Rank(IReadOnlyCollection<ReleaseRecord> candidates, LeakEvidence evidence, int maxResults)
    {
        var found = candidates.Select(r => Found.Of(r, evidence)).Where(f => f is not null).Select(f => f!).ToArray();
        var watermarksFound = evidence.Watermarks.Values.Sum();
        if (found.Length == 0)
            return new LeakTrace([], [], watermarksFound);

        // Per leaked citizen, each recipient's copy that best fits the post.
        var bySubject = found.GroupBy(f => f.Release.SubjectHmac, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.GroupBy(f => f.Release.OfficerId, StringComparer.Ordinal)
                .ToDictionary(o => o.Key, o => o.OrderByDescending(f => f.Marks).ThenByDescending(f => f.Matched - f.Contradicted)
                    .ThenByDescending(f => f.Content).First(), StringComparer.Ordinal), StringComparer.Ordinal);
        var marked = found.Where(f => f.Marks > 0).ToArray();

        var weighed = found.GroupBy(f => f.Release.OfficerId, StringComparer.Ordinal)
            .Select(g => Weigh(g.Key, g.First().Release.Unit, g.Count(), bySubject, marked))
            .OrderByDescending(w => w.LogWeight).ThenBy(w => w.OfficerId, StringComparer.Ordinal)
            .ToArray();
        var top = weighed[0].LogWeight;
        var total = weighed.Sum(w => Math.Exp(w.LogWeight - top));
        var posterior = weighed.ToDictionary(w => w.OfficerId, w => Math.Exp(w.LogWeight - top) / total, StringComparer.Ordinal);

        var leader = weighed[0];
        var named = posterior[leader.OfficerId] >= NameAt;
        List<LeakSuspect> suspects;
        string reason;
        if (named)
        {
            var confidence = leader.Watermarks > 0 ? posterior[leader.OfficerId] : Math.Min(ContentOnlyCap, posterior[leader.OfficerId]);
            suspects = [leader.ToSuspect(confidence), .. weighed.Skip(1).Select(w => w.ToSuspect(posterior[w.OfficerId]))];
            reason = NamedReason(leader, bySubject.Count, weighed.Length - 1, confidence);
        }
        else
        {
            // Everyone the evidence cannot rule out is tied: listed by id, with one shared confidence.
            var tied = weighed.Where(w => posterior[w.OfficerId] >= 1 - NameAt).Take(Math.Max(2, maxResults)).ToList();
            if (tied.Count == 1 && weighed.Length > 1)
                tied.Add(weighed[1]);
            var share = tied.Sum(w => posterior[w.OfficerId]) / tied.Count;
            suspects =
            [
                .. tied.OrderBy(w => w.OfficerId, StringComparer.Ordinal).Select(w => w.ToSuspect(share)),
                .. weighed.Except(tied).Select(w => w.ToSuspect(posterior[w.OfficerId])),
            ];
            reason = TieReason(tied, leader, posterior[leader.OfficerId]);
        }

        var rank = suspects.Select((s, i) => (s.OfficerId, i)).ToDictionary(p => p.OfficerId, p => p.i, StringComparer.Ordinal);
        var confidenceOf = suspects.ToDictionary(s => s.OfficerId, s => s.Confidence, StringComparer.Ordinal);
        var releases = found
            .OrderBy(f => rank[f.Release.OfficerId]).ThenByDescending(f => f.Score).ThenBy(f => f.Release.ReleaseId, StringComparer.Ordinal)
            .Take(maxResults)
            .Select(f => f.ToTraced(confidenceOf[f.Release.OfficerId]))
            .ToArray();
        return new LeakTrace(releases, [.. suspects.Take(maxResults).Select(s => s with { Confidence = Math.Round(s.Confidence, 4) })],
            watermarksFound, Tie: !named, reason);
    }

    private static Weight Weigh(string officerId, string unit, int releases, Dictionary<string, Dictionary<string, Found>> bySubject,
        IReadOnlyList<Found> marked)
    {
        var log = 0.0;
        int citizens = 0, matched = 0, contradicted = 0, distinguishing = 0;
        var contradictionOptions = 0.0;
        foreach (var recipients in bySubject.Values)
        {
            if (!recipients.TryGetValue(officerId, out var mine))
            {
                // A citizen from elsewhere comes in someone else's wording: each wording the post shows of it is one
                // of its slot's options, as likely as any other. (Without this, a post reworded away from its source
                // would cost the source for every trait and an innocent nothing for the citizens they never had.)
                log += Math.Log(ForeignCitizen)
                    - recipients.Values.First().Observations.Sum(o => Math.Log(o.Trait.Options.Count));
                continue;
            }
            citizens++;
            foreach (var (trait, observed) in mine.Observations)
            {
                if (observed == trait.Chosen)
                {
                    matched++;
                    // A match says something about this officer only where another recipient's copy differs.
                    if (recipients.Values.Any(other => other.ChoiceIn(trait.Slot) is { } choice && choice != trait.Chosen))
                        distinguishing++;
                }
                else
                {
                    contradicted++;
                    contradictionOptions += Math.Log(Math.Max(1, trait.Options.Count - 1));
                }
            }
        }
        var watermarks = 0;
        foreach (var release in marked.DistinctBy(f => f.Release.ReleaseId))
        {
            if (release.Release.OfficerId == officerId)
                watermarks += release.Marks;
            else
                log += Math.Log(ForeignWatermark);
        }
        // Beta-binomial: the share of traits rewritten away from the source's copy is unknown (uniform).
        log += LogFactorial(matched) + LogFactorial(contradicted) - LogFactorial(matched + contradicted + 1) - contradictionOptions;
        return new Weight(officerId, unit, releases, log, citizens, watermarks, distinguishing, contradicted, bySubject.Count - citizens);
    }

    private static double LogFactorial(int n)
    {
        var sum = 0.0;
        for (var i = 2; i <= n; i++)
            sum += Math.Log(i);
        return sum;
    }

    private static string NamedReason(Weight leader, int citizens, int others, double confidence)
    {
        var parts = new List<string>();
        if (leader.Watermarks > 0)
            parts.Add($"{leader.Watermarks} watermark(s) of their releases");
        parts.Add($"{leader.Citizens} of the {citizens} leaked citizen(s) reached them");
        if (leader.TraitsMatched > 0 || leader.TraitsContradicted > 0)
            parts.Add($"{leader.TraitsMatched} per-release trait(s) only their copies have match the post, {leader.TraitsContradicted} contradict it");
        var against = others == 0 ? "no other officer received any of these citizens" : $"against {others} other recipient(s)";
        return string.Create(CultureInfo.InvariantCulture, $"{leader.OfficerId}: {string.Join("; ", parts)} ({against}; confidence {confidence:0.###})");
    }

    private static string TieReason(IReadOnlyList<Weight> tied, Weight leader, double leaderPosterior)
    {
        var names = string.Join(" and ", tied.Select(w => w.OfficerId).Order(StringComparer.Ordinal));
        var both = tied.Count == 2 ? "both" : "all";
        if (tied.All(w => w.Watermarks == 0 && w.TraitsMatched == 0 && w.Missing == tied[0].Missing))
            return $"{names} {both} received these citizens; no watermark or per-release trait separates them";
        var leaning = leaderPosterior.ToString("0.###", CultureInfo.InvariantCulture);
        return $"the evidence leans to {leader.OfficerId} ({leaning}) but does not separate {names} beyond doubt: "
            + $"{leader.TraitsMatched} distinguishing trait(s) matched, {leader.TraitsContradicted} contradicted; "
            + "a post reworded away from its source's copy could point at any of them";
    }

    private sealed record Weight(string OfficerId, string Unit, int Releases, double LogWeight, int Citizens, int Watermarks,
        int TraitsMatched, int TraitsContradicted, int Missing)
    {
        public LeakSuspect ToSuspect(double confidence) =>
            new(OfficerId, Unit, confidence, Releases, Citizens, Watermarks, TraitsMatched, TraitsContradicted);
    }

    /// <summary>One release the post matched: what of it was found, and which of its traits the post shows.</summary>
    private sealed record Found(ReleaseRecord Release, IReadOnlyList<ReleaseValue> Values, double Content, int Marks,
        IReadOnlyList<(ReleaseTrait Trait, int Observed)> Observations)
    {
        public int Matched => Observations.Count(o => o.Observed == o.Trait.Chosen);

        public int Contradicted => Observations.Count - Matched;

        public double Score => Values.Sum(v => v.Weight) + Marks * WatermarkWeight + Matched - Contradicted;

        public int? ChoiceIn(string slot) => Release.AllTraits.FirstOrDefault(t => t.Slot == slot)?.Chosen;

        public static Found? Of(ReleaseRecord release, LeakEvidence evidence)
        {
            var values = release.Values.Where(v => evidence.ContentKeys.Contains(v.Key)).ToArray();
            var marks = evidence.Watermarks.GetValueOrDefault(release.Watermark);
            var weight = values.Sum(v => v.Weight);
            var leaked = marks > 0 || values.Any(v => v.Identifies)
                || (weight >= MinimumScore && values.Select(v => v.Field).Distinct(StringComparer.Ordinal).Count() >= 2);
            if (!leaked)
                return null;
            var possible = release.Values.Sum(v => v.Weight);
            var observations = release.AllTraits
                .Select(t => (Trait: t, Observed: t.ObservedIn(evidence.TraitKeys) ?? -1))
                .Where(o => o.Observed >= 0)
                .ToArray();
            return new Found(release, values, possible == 0 ? 0 : weight / possible, marks, observations);
        }

        public TracedRelease ToTraced(double officerConfidence)
        {
            var matched = Values.Select(v => v.Field).Distinct(StringComparer.Ordinal).ToList();
            if (Observations.Count > 0)
                matched.Add($"traits {Matched}/{Observations.Count}");
            var confidence = Marks > 0 ? 1.0 : Math.Round(Content * officerConfidence, 4);
            return new TracedRelease(Release, Score, confidence, Marks, matched);
        }
    }
}
