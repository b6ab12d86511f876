namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>Median, median absolute deviation and a binomial tail: statistics a few outliers cannot drag.</summary>
public static class RobustStatistics
{
    /// <summary>Scales a MAD to a standard deviation's size for normally spread data.</summary>
    public const double MadToSigma = 1.4826;

    public static double Median(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
            return 0;
        var sorted = values.Order().ToArray();
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static double Mad(IReadOnlyCollection<double> values)
    {
        var median = Median(values);
        return Median([.. values.Select(v => Math.Abs(v - median))]);
    }

    /// <summary>
    /// median + spread * sigma, the sigma being the MAD scaled to a standard deviation but never below a count's own
    /// noise (the square root of the median, as for Poisson counts) nor below 1: a few peers or weeks that happen to
    /// agree must not make an ordinary week look like an outlier.
    /// </summary>
    public static double UpperNorm(IReadOnlyCollection<double> values, double spread)
    {
        var median = Median(values);
        return median + spread * Math.Max(Math.Max(1, Math.Sqrt(median)), MadToSigma * Mad(values));
    }

    /// <summary>P(X >= k) for X ~ Binomial(n, p).</summary>
    public static double BinomialTail(int k, int n, double p)
    {
        if (k <= 0)
            return 1;
        if (k > n)
            return 0;
        p = Math.Clamp(p, 1e-9, 1 - 1e-9);
        var total = 0.0;
        for (var i = k; i <= n; i++)
            total += Math.Exp(LogChoose(n, i) + i * Math.Log(p) + (n - i) * Math.Log(1 - p));
        return Math.Min(1, total);
    }

    private static double LogChoose(int n, int k)
    {
        var sum = 0.0;
        for (var i = 1; i <= k; i++)
            sum += Math.Log(n - k + i) - Math.Log(i);
        return sum;
    }
}
