using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Limits;

/// <summary>Which rules apply to which call, with the shadow modes in force now.</summary>
public sealed class LimitPolicy
{
    private readonly IShadowModes? _shadows;
    private readonly ILimitObserver? _observer;

    public LimitPolicy(IEnumerable<LimitRule> rules, IShadowModes? shadows = null, ILimitObserver? observer = null)
    {
        Rules = rules.Where(r => r.Mode != LimitMode.Off).ToArray();
        foreach (var rule in Rules)
        {
            if (rule.Problem() is { } problem)
                throw new ArgumentException(problem, nameof(rules));
        }
        if (Rules.GroupBy(r => r.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"rule {twice.Key} is defined twice", nameof(rules));
        _shadows = shadows;
        _observer = observer;
    }

    /// <summary>No limits at all (the request path as before limits, and the benchmark's baseline).</summary>
    public static LimitPolicy Unlimited { get; } = new([]);

    public IReadOnlyList<LimitRule> Rules { get; }

    public LimitRule? Find(string name) => Rules.FirstOrDefault(r => r.Name == name);

    /// <summary>Officer and unit rules, those narrowed to a category only when the request asks for it.</summary>
    public ValueTask<LimitPlan> ForSubmitAsync(DataRequest request, CancellationToken cancellationToken) =>
        PlanAsync(Rules.Where(r => r.Scope is LimitScope.Officer or LimitScope.Unit
                && (r.Category is null || request.Categories.Contains(r.Category.Value))),
            rule => rule.Scope == LimitScope.Officer ? request.RequesterId : null, null, cancellationToken);

    /// <summary>Approver rules, counted in the unit of the request decided.</summary>
    public ValueTask<LimitPlan> ForDecisionAsync(Officer approver, CancellationToken cancellationToken) =>
        PlanAsync(Rules.Where(r => r.Scope == LimitScope.Approver), _ => approver.Id, null, cancellationToken);

    /// <summary>
    /// The release budgets: the subject rules charged with the request's subject, and, once the records are read
    /// (<paramref name="thirdParties"/> not null), the third-party rules charged with every number the call records
    /// expose. Before the read only the subject rules are known, which is what an early look checks.
    /// </summary>
    public ValueTask<LimitPlan> ForReleaseAsync(DataRequest request, CancellationToken cancellationToken,
        IReadOnlyList<string>? thirdParties = null)
    {
        string[] subject = [request.Subject.ToString()];
        return PlanAsync(Rules.Where(r => r.CountsReleases && (!r.CountsThirdParties || thirdParties is { Count: > 0 })),
            rule => rule.IsUnitHeld ? null : request.RequesterId,
            rule => rule.CountsThirdParties ? thirdParties : subject, cancellationToken);
    }

    /// <summary>Every counter <paramref name="holder"/> (an officer's or approver's id, or null for the unit) has in a unit.</summary>
    public IReadOnlyList<LimitCharge> CountersOf(string? holder) =>
        [.. Rules.Where(r => (holder is null) == r.IsUnitHeld)
            .Select(r => new LimitCharge(r, holder, r.Mode == LimitMode.Shadow))];

    /// <summary>The rules in shadow mode by an admin's switch now (not those configured as Shadow).</summary>
    public ValueTask<IReadOnlySet<string>> ShadowedAsync(CancellationToken cancellationToken) =>
        _shadows?.ShadowedAsync(cancellationToken) ?? ValueTask.FromResult<IReadOnlySet<string>>(new HashSet<string>());

    private async ValueTask<LimitPlan> PlanAsync(IEnumerable<LimitRule> rules, Func<LimitRule, string?> holder,
        Func<LimitRule, IReadOnlyList<string>?>? released, CancellationToken cancellationToken)
    {
        var applicable = rules.ToArray();
        if (applicable.Length == 0)
            return LimitPlan.None;
        var shadowed = await ShadowedAsync(cancellationToken);
        // A quota counts calls per bucket (QuotaWindow): its charge carries no member.
        return new LimitPlan(
            [.. applicable.Select(r => new LimitCharge(r, holder(r), r.Mode == LimitMode.Shadow || shadowed.Contains(r.Name),
                r.CountsReleases ? released?.Invoke(r) : null))],
            _observer);
    }
}
