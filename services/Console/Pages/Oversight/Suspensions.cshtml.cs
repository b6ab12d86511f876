using DataBroker.Broker.V1;
using DataBroker.Identity;
using DataBroker.WebConsole.Broker;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Oversight;

/// <summary>Suspensions in force; oversight suspends an officer or a unit, an admin reinstates. The broker decides both.</summary>
public sealed class SuspensionsModel(BrokerSession broker) : PageModel
{
    public IReadOnlyList<Suspension> Suspensions { get; private set; } = [];

    public string? Notice { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    /// <summary>Only admins see the reinstate buttons; the broker refuses anyone else regardless.</summary>
    public bool MayReinstate => User.IsInRole(Roles.Admin);

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public async Task OnPostSuspendAsync(string? scope, string? target, string? reason, CancellationToken cancellationToken)
    {
        await ChangeAsync(async options =>
        {
            var suspended = (await broker.Oversight.SuspendAsync(new SuspendRequest { Scope = ScopeOf(scope), Target = target?.Trim() ?? "", Reason = reason ?? "" },
                options)).Suspension;
            Notice = $"Suspended {suspended.Target} on every broker.";
        }, cancellationToken);
    }

    public async Task OnPostReinstateAsync(string? scope, string? target, string? reason, CancellationToken cancellationToken)
    {
        await ChangeAsync(async options =>
        {
            await broker.Oversight.ReinstateAsync(new ReinstateRequest { Scope = ScopeOf(scope), Target = target ?? "", Reason = reason ?? "" }, options);
            Notice = $"Reinstated {target}.";
        }, cancellationToken);
    }

    private async Task ChangeAsync(Func<CallOptions, Task> change, CancellationToken cancellationToken)
    {
        Refusal = await BrokerRefusal.OfAsync(async () => await change(await broker.UnaryAsync(cancellationToken)));
        await LoadAsync(cancellationToken);
    }

    /// <summary>Reloads even after a refused change (the list shows what stands); a change's refusal is the one reported.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        var refusal = await BrokerRefusal.OfAsync(async () =>
            Suspensions = (await broker.Oversight.ListSuspensionsAsync(new ListSuspensionsRequest(), await broker.UnaryAsync(cancellationToken))).Suspensions);
        Refusal ??= refusal;
    }

    private static SuspensionScope ScopeOf(string? scope) => scope == "unit" ? SuspensionScope.Unit : SuspensionScope.Officer;
}
