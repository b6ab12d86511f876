using DataBroker.Records.Synthetic;
using DataBroker.Records.V1;

namespace DataBroker.LoadDriver.Scenarios;

/// <summary>RecordsService/Lookup with the broker's credential: NID details, SIMs and criminal record of a real citizen.</summary>
internal sealed class RecordsLookupScenario(LoadTarget target, LoadIdentities identities, SyntheticPopulation population) : LoadScenario
{
    public override string Name => "records-lookup";

    public override async Task CallAsync(long n, CancellationToken cancellationToken)
    {
        var nid = population.NidOf(n % population.CitizenCount);
        var lookup = new LookupRequest { Nid = nid };
        lookup.Categories.Add([Category.NidDetails, Category.SimRegistrations, Category.CriminalRecord]);
        var reply = await new RecordsService.RecordsServiceClient(target.Next())
            .LookupAsync(lookup, identities.RecordsService, cancellationToken: cancellationToken);
        Check(reply.SubjectFound && reply.NidDetails?.Nid == nid && reply.SimRegistrations.Count > 0, "lookup returns the citizen asked for");
    }
}
