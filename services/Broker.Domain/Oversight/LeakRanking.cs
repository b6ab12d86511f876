namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Ranks the releases a leak may come from. A watermark names its release outright; without one, a
/// release scores by the weight of its values found in the text, and by its own wording (a value found
/// exactly as that release rendered it). An officer is ranked per leaked subject by their best release of
/// it, so receiving many of the leaked citizens, worded as leaked, puts the leaker first.
/// </summary>
public static class LeakRanking
{
    public const double WatermarkWeight = 10;

    /// <summary>Below this, a match is on common values alone (a district, a date) and is no evidence.</summary>
    public const double MinimumScore = 2;

    public static LeakTrace Rank(IReadOnlyCollection<ReleaseRecord> candidates, IReadOnlySet<string> keysInText,
        IReadOnlyDictionary<string, int> watermarks, int maxResults)
    {
        var traced = new List<TracedRelease>();
        foreach (var release in candidates)
        {
            var found = release.Values.Where(v => keysInText.Contains(v.Key)).ToArray();
            var marks = watermarks.GetValueOrDefault(release.Watermark);
            var score = found.Sum(v => v.Weight) + marks * WatermarkWeight;
            if (score < MinimumScore)
                continue;
            var possible = release.Values.Where(v => !v.AsReleased).Sum(v => v.Weight);
            var content = possible == 0 ? 0 : found.Where(v => !v.AsReleased).Sum(v => v.Weight) / possible;
            var confidence = marks > 0 ? 1.0 : Math.Min(0.9, 0.8 * content + (found.Any(v => v.AsReleased) ? 0.1 : 0));
            traced.Add(new TracedRelease(release, score, Math.Round(confidence, 3), marks,
                [.. found.Select(v => v.AsReleased ? v.Field + " (as released)" : v.Field).Distinct()]));
        }

        var bestBySubject = traced.GroupBy(t => t.Release.SubjectHmac).ToDictionary(g => g.Key, g => g.Max(t => t.Score));
        var evidence = bestBySubject.Values.Sum();
        var suspects = traced
            .GroupBy(t => (t.Release.OfficerId, t.Release.Unit))
            .Select(g => new
            {
                g.Key,
                Score = g.GroupBy(t => t.Release.SubjectHmac).Sum(s => s.Max(t => t.Score)),
                Count = g.Count(),
            })
            .OrderByDescending(s => s.Score).ThenBy(s => s.Key.OfficerId, StringComparer.Ordinal)
            .Take(maxResults)
            .Select(s => new LeakSuspect(s.Key.OfficerId, s.Key.Unit, evidence == 0 ? 0 : Math.Round(s.Score / evidence, 3), s.Count))
            .ToArray();
        var releases = traced.OrderByDescending(t => t.Score).ThenBy(t => t.Release.ReleaseId, StringComparer.Ordinal).Take(maxResults).ToArray();
        return new LeakTrace(releases, suspects, watermarks.Values.Sum());
    }
}
