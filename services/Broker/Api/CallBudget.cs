using Grpc.Core;

namespace DataBroker.Broker.Api;

/// <summary>
/// The part of a call's deadline the broker may spend on its own work. It ends a little before the
/// deadline, so a store that does not answer is reported as UNAVAILABLE (the broker gave up, nothing
/// was acknowledged) while the client is still listening, rather than as the client's own timeout.
/// </summary>
public static class CallBudget
{
    private static readonly object Key = new();
    // Enough to map the failure and write the status back even on a starved 2-core box (100 calls failing
    // at once took ~300 ms there, and one call over 1 s under heavy outside load), taken from short
    // deadlines only in part: half of the deadline at most.
    private static readonly TimeSpan MaxReserve = TimeSpan.FromSeconds(1);
    // A timer cannot run past ~49.7 days (CancelAfter throws), and no store call lasts a day: a deadline
    // further away than this is treated as none (the framework still enforces it).
    private static readonly TimeSpan Farthest = TimeSpan.FromDays(1);

    /// <summary>The token to pass down instead of <see cref="ServerCallContext.CancellationToken"/>.</summary>
    public static CancellationToken Budget(this ServerCallContext context)
    {
        var http = context.GetHttpContext();
        if (http.Items.TryGetValue(Key, out var existing) && existing is CancellationTokenSource made)
            return made.Token;
        if (context.Deadline == DateTime.MaxValue)
            return context.CancellationToken;
        var remaining = context.Deadline - http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        if (remaining > Farthest)
            return context.CancellationToken;
        var budget = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
        var reserve = TimeSpan.FromTicks(Math.Min(MaxReserve.Ticks, Math.Max(0, remaining.Ticks / 2)));
        budget.CancelAfter(remaining - reserve > TimeSpan.Zero ? remaining - reserve : TimeSpan.Zero);
        http.Items[Key] = budget;
        http.Response.RegisterForDispose(budget);
        return budget.Token;
    }

    /// <summary>True when the broker's own budget ran out while the client was still waiting.</summary>
    public static bool Exhausted(ServerCallContext context) =>
        !context.CancellationToken.IsCancellationRequested
        && context.GetHttpContext().Items.TryGetValue(Key, out var made) && made is CancellationTokenSource { IsCancellationRequested: true };
}
