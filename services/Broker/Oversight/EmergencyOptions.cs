using System.ComponentModel.DataAnnotations;
using DataBroker.Broker.Domain.Oversight;

namespace DataBroker.Broker.Oversight;

/// <summary>Configuration section "Broker:Oversight:Emergency": who may use the emergency path and its limits.</summary>
public sealed class EmergencyOptions
{
    public const string Section = "Broker:Oversight:Emergency";

    /// <summary>Officer ids the directory allows to mark a request EMERGENCY. Empty: nobody.</summary>
    public List<string> Officers { get; set; } = [];

    [Range(0, 1000)]
    public int BudgetPerUnitPerDay { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan ReviewWithin { get; set; } = TimeSpan.FromHours(24);

    /// <summary>With no approver's answer in this time an emergency request is granted (flagged).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan AutoGrantAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often overdue reviews are looked for.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan ScanInterval { get; set; } = TimeSpan.FromSeconds(30);

    public EmergencyPolicy ToPolicy() => new(Officers.ToHashSet(StringComparer.Ordinal), BudgetPerUnitPerDay, ReviewWithin);
}
