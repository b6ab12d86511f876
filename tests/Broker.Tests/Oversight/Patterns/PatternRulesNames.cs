using DataBroker.Broker.Domain.Oversight.Patterns;

namespace DataBroker.Broker.Tests.Oversight.Patterns;

/// <summary>Rule names the scenario asserts on, as nullable strings for Assert.Equal against a result's rule.</summary>
internal static class PatternRulesNames
{
    public const string? CallRecordsBulk = PatternRules.CallRecordsBulk;
    public const string? EmergencyRepeated = PatternRules.EmergencyRepeated;
}
