namespace DataBroker.Broker.Domain.Oversight.Patterns;

/// <summary>How an officer used one case reference: first and last day, and how many disclosures it covered.</summary>
public sealed class CaseUse
{
    public long FirstDay { get; set; }

    public long LastDay { get; set; }

    public int Disclosures { get; set; }
}
