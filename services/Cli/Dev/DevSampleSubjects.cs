namespace DataBroker.Cli.Dev;

/// <summary>The subjects `dbroker dev` suggests: citizens the records service really holds.</summary>
internal static class DevSampleSubjects
{
    // MERGE: DataBroker.Records.Synthetic.SyntheticPopulation is written on another branch. Once it is here, replace
    // this body with:
    //     var population = new DataBroker.Records.Synthetic.SyntheticPopulation(seed, citizens);
    //     return [.. Enumerable.Range(0, Math.Min(count, citizens)).Select(i => new SampleSubject(population.NidOf(i), population.PrimaryMsisdnOf(i)))];
    // Until then there is nothing true to suggest, and inventing NIDs would send people after subjects that do not exist.
    public static IReadOnlyList<SampleSubject> Take(int seed, int citizens, int count)
    {
        _ = (seed, citizens, count);
        return [];
    }
}
