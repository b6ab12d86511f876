using System.Globalization;
using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Storage;

/// <summary>How a suspension is stored: a field naming its target, and "since-ms NL by NL reason" (the reason may hold anything).</summary>
public static class SuspensionText
{
    public static string Field(SuspensionScope scope, string target) =>
        (scope == SuspensionScope.Unit ? "unit:" : "officer:") + target;

    /// <summary>The scope and target a field names.</summary>
    public static (SuspensionScope Scope, string Target) Key(string field) =>
        (field.StartsWith("unit:", StringComparison.Ordinal) ? SuspensionScope.Unit : SuspensionScope.Officer,
            field[(field.IndexOf(':', StringComparison.Ordinal) + 1)..]);

    public static string Format(Suspension suspension) => string.Create(CultureInfo.InvariantCulture,
        $"{suspension.Since.ToUnixTimeMilliseconds()}\n{suspension.SuspendedBy}\n{suspension.Reason}");

    public static Suspension Parse(string field, string text)
    {
        var (scope, target) = Key(field);
        var parts = text.Split('\n', 3);
        return new Suspension(scope, target, parts[2], parts[1],
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[0], CultureInfo.InvariantCulture)));
    }
}
