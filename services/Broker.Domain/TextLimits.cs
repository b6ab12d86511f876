namespace DataBroker.Broker.Domain;

/// <summary>
/// How long each kind of free text may be, in characters. The broker's edge holds every request's string
/// fields to these (and to a short default for anything else) before any rule runs.
/// </summary>
public static class TextLimits
{
    public const int IdempotencyKey = 128;
    public const int CaseReference = 100;
    public const int Justification = 2000;

    /// <summary>Approval and rejection notes, cancel reasons, emergency review notes.</summary>
    public const int Note = 1000;

    /// <summary>Why an admin or auditor changed something: overrides, resets, shadow modes, suspensions.</summary>
    public const int Reason = 500;

    /// <summary>A leaked post pasted for tracing.</summary>
    public const int LeakText = 64 * 1024;

    /// <summary>The admin reason every limit change and every suspension must carry.</summary>
    public static string RequiredReason(string? reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw DomainException.Invalid("reason", "reason is required: say why, for the audit trail.")
        : reason.Length > Reason ? throw DomainException.Invalid("reason", $"reason may hold at most {Reason} characters.")
        : reason.Trim();
}
