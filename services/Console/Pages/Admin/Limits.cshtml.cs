using DataBroker.Broker.V1;
using DataBroker.WebConsole.Broker;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages.Admin;

/// <summary>
/// An admin's view of one unit's counters (or one officer's or approver's in it), with a temporary override, a
/// reset and a rule's shadow mode. Every change needs a reason; the broker audits reads and changes alike and
/// keeps an HQ's admin to its own units.
/// </summary>
public sealed class LimitsModel(BrokerSession broker, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Unit { get; set; }
    [BindProperty(SupportsGet = true)] public string? Holder { get; set; }

    public IReadOnlyList<CounterUsage>? Counters { get; private set; }

    public string? Notice { get; private set; }

    public BrokerRefusal? Refusal { get; private set; }

    public Task OnGetAsync(CancellationToken cancellationToken) => LoadAsync(cancellationToken);

    public Task OnPostOverrideAsync(string? rule, int limit, int burst, int hours, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(async options =>
        {
            await broker.Limits.SetOverrideAsync(new SetOverrideRequest
            {
                Unit = Unit ?? "",
                Holder = Holder ?? "",
                Rule = rule ?? "",
                Limit = limit,
                Burst = burst,
                ExpiresAt = Timestamp.FromDateTimeOffset(time.GetUtcNow().AddHours(Math.Clamp(hours, 1, 31 * 24))),
                Reason = reason ?? "",
            }, options);
            return $"{rule} is now {limit} for {hours} h, on every broker.";
        }, cancellationToken);

    public Task OnPostResetAsync(string? rule, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(async options =>
        {
            await broker.Limits.ResetCounterAsync(new ResetCounterRequest { Unit = Unit ?? "", Holder = Holder ?? "", Rule = rule ?? "", Reason = reason ?? "" },
                options);
            return $"{rule} is reset: its full allowance is back.";
        }, cancellationToken);

    public Task OnPostShadowAsync(string? rule, bool shadow, string? reason, CancellationToken cancellationToken) =>
        ChangeAsync(async options =>
        {
            await broker.Limits.SetShadowModeAsync(new SetShadowModeRequest { Rule = rule ?? "", Shadow = shadow, Reason = reason ?? "" }, options);
            return shadow ? $"{rule} is in shadow mode in every unit: counted and reported, refusing nothing." : $"{rule} is enforced again in every unit.";
        }, cancellationToken);

    private async Task ChangeAsync(Func<CallOptions, Task<string>> change, CancellationToken cancellationToken)
    {
        Refusal = await BrokerRefusal.OfAsync(async () => Notice = await change(await broker.UnaryAsync(cancellationToken)));
        await LoadAsync(cancellationToken);
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(Unit))
            return;
        // Reloaded even after a refused change, so the table shows what stands; the change's refusal is the one reported.
        var refusal = await BrokerRefusal.OfAsync(async () =>
            Counters = (await broker.Limits.GetUsageAsync(new GetUsageRequest { Unit = Unit.Trim(), Holder = Holder?.Trim() ?? "" },
                await broker.UnaryAsync(cancellationToken))).Counters);
        Refusal ??= refusal;
    }
}
