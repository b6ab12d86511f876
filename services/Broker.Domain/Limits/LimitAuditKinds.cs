namespace DataBroker.Broker.Domain.Limits;

/// <summary>Audit entries of limit administration (request entries are in Workflow.AuditKinds).</summary>
public static class LimitAuditKinds
{
    public const string UsageRead = "limits.usage_read";
    public const string OverrideSet = "limits.override_set";
    public const string CounterReset = "limits.counter_reset";
    public const string ShadowOn = "limits.shadow_on";
    public const string ShadowOff = "limits.shadow_off";
}
