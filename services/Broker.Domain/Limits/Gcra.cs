namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// The generic cell rate algorithm (as in redis-cell): the only state is the theoretical arrival time
/// (TAT). A call is admitted when the TAT it would leave lies at most the tolerance ahead of now.
/// The Redis scripts implement exactly this function; the stores' contract tests hold them equal.
/// </summary>
public static class Gcra
{
    /// <param name="tatUs">The stored TAT, or 0 when the counter is empty or expired.</param>
    /// <returns>The decision, and the TAT to store if the call is admitted (the old one otherwise).</returns>
    public static (LimitDecision Decision, long NewTatUs) Decide(long tatUs, long nowUs, long intervalUs, long toleranceUs)
    {
        var newTat = Math.Max(tatUs, nowUs) + intervalUs;
        var allowAt = newTat - toleranceUs;
        if (nowUs < allowAt)
            return (new LimitDecision(false, allowAt - nowUs, 0), tatUs);
        return (new LimitDecision(true, 0, (nowUs - allowAt) / intervalUs), newTat);
    }

    /// <summary>
    /// A TAT stored under another interval (an override began or ended), re-expressed so the calls it
    /// stands for stay counted: the debt ahead of now is scaled to the new interval, rounded up.
    /// </summary>
    public static long Rescale(long tatUs, long nowUs, long storedIntervalUs, long intervalUs) =>
        tatUs <= nowUs || storedIntervalUs == intervalUs || storedIntervalUs <= 0
            ? tatUs
            : nowUs + (long)Math.Ceiling((double)(tatUs - nowUs) * intervalUs / storedIntervalUs);

    /// <summary>How many calls would be admitted now, without admitting any.</summary>
    public static long Remaining(long tatUs, long nowUs, long intervalUs, long toleranceUs) =>
        Math.Max(0, toleranceUs - Math.Max(0, tatUs - nowUs)) / intervalUs;
}
