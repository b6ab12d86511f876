namespace DataBroker.Cli.Dev;

/// <summary>A citizen of the synthetic population worth trying a request against.</summary>
internal sealed record SampleSubject(string Nid, string PrimaryMsisdn);
