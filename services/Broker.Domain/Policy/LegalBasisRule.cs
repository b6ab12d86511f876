using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Policy;

/// <summary>What one law allows: the categories a request under it may ask for, and the longest call-records window.</summary>
public sealed record LegalBasisRule(LegalBasis LegalBasis, IReadOnlyList<Category> Categories, TimeSpan MaxCdrWindow);
