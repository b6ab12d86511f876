namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// At most <c>limit</c> distinct members within any window: members seen within the window are free
/// again (and refreshed), a new member needs room. Exact, since the members are the state.
/// </summary>
public static class DistinctWindow
{
    /// <param name="lastSeenUs">Each member's last admission, already trimmed to the window.</param>
    public static LimitDecision Decide(IReadOnlyDictionary<string, long> lastSeenUs, string member, long nowUs, long windowUs, int limit)
    {
        if (lastSeenUs.ContainsKey(member))
            return new LimitDecision(true, 0, Math.Max(0, limit - lastSeenUs.Count));
        if (lastSeenUs.Count >= limit)
            return new LimitDecision(false, Math.Max(1, lastSeenUs.Values.Min() + windowUs - nowUs), 0);
        return new LimitDecision(true, 0, limit - lastSeenUs.Count - 1);
    }

    /// <summary>The first instant still inside a window that ends now (older entries are dropped).</summary>
    public static long WindowStart(long nowUs, long windowUs) => nowUs - windowUs;
}
