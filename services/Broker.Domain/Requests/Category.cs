namespace DataBroker.Broker.Domain.Requests;

/// <summary>A class of citizen data an officer may ask for.</summary>
public enum Category
{
    NidDetails = 1,
    SimRegistrations = 2,
    CallRecords = 3,
    CriminalRecord = 4,
}
