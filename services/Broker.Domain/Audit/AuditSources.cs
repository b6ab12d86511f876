namespace DataBroker.Broker.Domain.Audit;

/// <summary>Names of the streams the sequencer folds: one per unit, and the oversight stream.</summary>
public static class AuditSources
{
    public const string Oversight = "oversight";
    public const string UnitPrefix = "unit:";

    public static string OfUnit(string unit) => UnitPrefix + unit;

    public static string? UnitOf(string source) =>
        source.StartsWith(UnitPrefix, StringComparison.Ordinal) ? source[UnitPrefix.Length..] : null;
}
