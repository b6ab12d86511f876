namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// At most <c>limit</c> distinct members within any window: members seen within the window are free
/// again (and refreshed), new members need room, all of one call's together. Exact, since the members are the state.
/// </summary>
public static class DistinctWindow
{
    /// <param name="lastSeenUs">Each member's last admission, already trimmed to the window.</param>
    /// <param name="members">What the call adds (one subject, or every third-party number of a release); all or none.</param>
    public static LimitDecision Decide(IReadOnlyDictionary<string, long> lastSeenUs, IReadOnlyCollection<string> members, long nowUs, long windowUs,
        int limit)
    {
        var fresh = members.Where(m => !lastSeenUs.ContainsKey(m)).Distinct(StringComparer.Ordinal).Count();
        if (fresh == 0)
            return new LimitDecision(true, 0, Math.Max(0, limit - lastSeenUs.Count));
        var after = lastSeenUs.Count + fresh;
        if (after <= limit)
            return new LimitDecision(true, 0, limit - after);
        if (fresh > limit)
        {
            // More than a whole window's allowance at once: no wait makes room; say so with the longest wait there is.
            return new LimitDecision(false, windowUs, 0);
        }
        // Room comes when enough of the oldest members leave the window: the (after - limit)th oldest.
        var leaving = lastSeenUs.Values.Order().ElementAt(after - limit - 1);
        return new LimitDecision(false, Math.Max(1, leaving + windowUs - nowUs), 0);
    }

    /// <summary>The first instant still inside a window that ends now (older entries are dropped).</summary>
    public static long WindowStart(long nowUs, long windowUs) => nowUs - windowUs;
}
