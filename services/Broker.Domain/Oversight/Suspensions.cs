using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>Suspends and reinstates officers and units, each change stored atomically with its audit entry.</summary>
public sealed class Suspensions(ISuspensionRegistry registry, OrganisationChart organisation, TimeProvider time)
{
    public const string SystemActor = "system";

    public async Task<Suspension> SuspendAsync(string actorId, SuspensionScope scope, string target, string reason,
        CancellationToken cancellationToken)
    {
        target = Validate(scope, target, reason);
        var now = time.GetUtcNow();
        var suspension = new Suspension(scope, target, reason.Trim(), actorId, now);
        await registry.SuspendAsync(suspension, Audit(OversightAuditKinds.Suspended, actorId, scope, target, reason, now), cancellationToken);
        return suspension;
    }

    public async Task ReinstateAsync(string actorId, SuspensionScope scope, string target, string reason, CancellationToken cancellationToken)
    {
        target = Validate(scope, target, reason);
        if (!await registry.ReinstateAsync(scope, target, Audit(OversightAuditKinds.Reinstated, actorId, scope, target, reason, time.GetUtcNow()),
                cancellationToken))
            throw new DomainException(DomainErrorKind.NotFound, $"{scope} {Echo.Of(target)} is not suspended.");
    }

    public Task<IReadOnlyList<Suspension>> ListAsync(CancellationToken cancellationToken) => registry.ListAsync(cancellationToken);

    private string Validate(SuspensionScope scope, string target, string reason)
    {
        if (string.IsNullOrWhiteSpace(target) || target.Length > 100)
            throw DomainException.Invalid("target", "target is required: an officer id or a unit name.");
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > TextLimits.Reason)
            throw DomainException.Invalid("reason", $"reason is required (at most {TextLimits.Reason} characters): the suspended see it.");
        target = target.Trim();
        if (scope == SuspensionScope.Unit && organisation.HeadquartersOf(target) is null)
            throw DomainException.Invalid("target", $"{Echo.Of(target)} is not a unit of this organisation.");
        return target;
    }

    private static AuditEvent Audit(string kind, string actorId, SuspensionScope scope, string target, string reason, DateTimeOffset at) =>
        new(kind, scope == SuspensionScope.Unit ? target : "", "", actorId, at, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["scope"] = scope.ToString(),
            ["target"] = target,
            [ChainDetails.Reason] = reason.Trim(),
        });
}
