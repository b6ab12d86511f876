using System.ComponentModel.DataAnnotations;
using DataBroker.Records.Synthetic;

namespace DataBroker.Records.Hosting;

/// <summary>Configuration section <c>Records</c>: which synthetic population this replica serves.</summary>
public sealed class RecordsOptions
{
    public const string Section = "Records";

    /// <summary>Every replica must share the seed, or they would disagree about every citizen.</summary>
    public ulong Seed { get; set; } = 20240607;

    [Range(1, SyntheticPopulation.MaxCitizens)]
    public long Citizens { get; set; } = 100_000;
}
