using DataBroker.Records.Synthetic;

namespace DataBroker.Cli.Dev;

/// <summary>The subjects `dbroker dev` suggests: citizens the records service really holds.</summary>
internal static class DevSampleSubjects
{
    public static IReadOnlyList<SampleSubject> Take(int seed, int citizens, int count)
    {
        var population = new SyntheticPopulation((ulong)seed, citizens);
        return [.. Enumerable.Range(0, Math.Min(count, citizens)).Select(i => new SampleSubject(population.NidOf(i), population.PrimaryMsisdnOf(i)))];
    }
}
