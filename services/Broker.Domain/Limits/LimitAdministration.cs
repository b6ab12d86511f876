using System.Globalization;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Limits;

/// <summary>
/// An admin's use cases on limits. Every one, reads included, leaves an audit entry in the same step.
/// An admin with a headquarters acts on the units under it; one without acts on every unit.
/// </summary>
public sealed class LimitAdministration(LimitPolicy policy, ILimitAdminStore store, OrganisationChart organisation, TimeProvider time)
{
    public static readonly TimeSpan LongestOverride = TimeSpan.FromDays(31);
    private const int MaxOverrideLimit = 1_000_000;

    /// <summary>Every counter <paramref name="holder"/> (an officer or approver id; null for the unit's own) has in the unit.</summary>
    public async Task<IReadOnlyList<CounterReading>> UsageAsync(Officer admin, string unit, string? holder, CancellationToken cancellationToken)
    {
        EnsureMayAdminister(admin, unit);
        var counters = policy.CountersOf(NullIfBlank(holder));
        var shadowed = await policy.ShadowedAsync(cancellationToken);
        counters = [.. counters.Select(c => c with { Shadow = c.Shadow || shadowed.Contains(c.Rule.Name) })];
        return await store.ReadAsync(unit, counters, Audit(LimitAuditKinds.UsageRead, admin, unit, null, holder, "", []), cancellationToken);
    }

    public async Task SetOverrideAsync(Officer admin, string unit, string rule, string? holder, LimitOverride limit, string reason,
        CancellationToken cancellationToken)
    {
        EnsureMayAdminister(admin, unit);
        var counter = Counter(rule, holder);
        reason = TextLimits.RequiredReason(reason);
        var now = time.GetUtcNow();
        if (limit.Limit is < 1 or > MaxOverrideLimit)
            throw DomainException.Invalid("limit", $"limit must be from 1 to {MaxOverrideLimit}.");
        if (!counter.Rule.IsWindow && (limit.Burst < 1 || limit.Burst > limit.Limit))
            throw DomainException.Invalid("burst", "burst must be from 1 to the limit (0 means the limit); quotas take none.");
        if (limit.ExpiresAt <= now || limit.ExpiresAt > now + LongestOverride)
            throw DomainException.Invalid("expires_at", $"expires_at must be in the future and at most {LongestOverride.TotalDays} days ahead.");
        await store.SetOverrideAsync(unit, counter, limit, Audit(LimitAuditKinds.OverrideSet, admin, unit, rule, holder, reason, new()
        {
            ["limit"] = limit.Limit.ToString(CultureInfo.InvariantCulture),
            ["burst"] = limit.Burst.ToString(CultureInfo.InvariantCulture),
            ["expires_at"] = limit.ExpiresAt.ToString("O", CultureInfo.InvariantCulture),
        }), cancellationToken);
    }

    public Task ResetAsync(Officer admin, string unit, string rule, string? holder, string reason, CancellationToken cancellationToken)
    {
        EnsureMayAdminister(admin, unit);
        var counter = Counter(rule, holder);
        reason = TextLimits.RequiredReason(reason);
        return store.ResetAsync(unit, counter, Audit(LimitAuditKinds.CounterReset, admin, unit, rule, holder, reason, []), cancellationToken);
    }

    /// <summary>Shadow mode is per rule, for every unit, so it is recorded in the admin trail rather than a unit's.</summary>
    public Task SetShadowAsync(Officer admin, string rule, bool shadow, string reason, CancellationToken cancellationToken)
    {
        EnsureAdmin(admin);
        if (policy.Find(rule) is null)
            throw UnknownRule(rule);
        reason = TextLimits.RequiredReason(reason);
        return store.SetShadowAsync(rule, shadow, Audit(shadow ? LimitAuditKinds.ShadowOn : LimitAuditKinds.ShadowOff, admin, "", rule, null, reason, []),
            cancellationToken);
    }

    private LimitCharge Counter(string rule, string? holder)
    {
        var found = policy.Find(rule) ?? throw UnknownRule(rule);
        holder = NullIfBlank(holder);
        var perHolder = found.Scope is LimitScope.Officer or LimitScope.Approver;
        if (perHolder && holder is null)
            throw DomainException.Invalid("holder", $"Rule {Echo.Of(rule)} counts per {found.Scope.ToString().ToLowerInvariant()}: name whose counter (holder).");
        if (!perHolder && holder is not null)
            throw DomainException.Invalid("holder", $"Rule {Echo.Of(rule)} counts per unit: leave holder empty.");
        return new LimitCharge(found, holder, found.Mode == LimitMode.Shadow);
    }

    private void EnsureMayAdminister(Officer admin, string unit)
    {
        EnsureAdmin(admin);
        var headquarters = organisation.HeadquartersOf(unit) ?? throw DomainException.Invalid("unit", $"Unit {Echo.Of(unit)} is not in the organisation.");
        if (admin.Headquarters is not null && admin.Headquarters != headquarters)
            throw DomainException.Denied($"Unit {Echo.Of(unit)} is not under {admin.Headquarters}.");
    }

    private static void EnsureAdmin(Officer admin)
    {
        if (!admin.Has(Role.Admin))
            throw DomainException.Denied("Only an admin may read or change limits.");
    }

    private static DomainException UnknownRule(string rule) => DomainException.Invalid("rule", $"There is no enforced or shadowed rule named '{Echo.Of(rule)}'.");

    private AuditEvent Audit(string kind, Officer admin, string unit, string? rule, string? holder, string reason, Dictionary<string, string> details)
    {
        if (rule is not null)
            details["rule"] = rule;
        if (NullIfBlank(holder) is { } who)
            details["holder"] = who;
        if (!string.IsNullOrWhiteSpace(reason))
            details["reason"] = reason;
        return new AuditEvent(kind, unit, "", admin.Id, time.GetUtcNow(), details);
    }

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
