using System.CommandLine;
using System.Globalization;
using DataBroker.Broker.V1;
using DataBroker.Cli.Identity;
using DataBroker.Cli.Output;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Cli.Commands;

/// <summary>
/// <c>limits usage|override|reset|shadow</c>: an admin reads and adjusts the broker's limits. Every call is
/// audited by the broker, so each change takes a --reason.
/// </summary>
internal static class LimitsCommand
{
    public static Command Create(CliContext context) => new("limits", "Read and adjust rate limits and release quotas (admin).")
    {
        Usage(context),
        Override(context),
        Reset(context),
        Shadow(context),
    };

    private static Command Usage(CliContext context)
    {
        var unit = UnitOption();
        var holder = HolderOption();
        var command = new Command("usage", "Show a holder's counters in a unit (or, without --holder, the unit's own).") { unit, holder };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var response = await broker.Limits.GetUsageAsync(
                new GetUsageRequest { Unit = invocation.Value(unit), Holder = invocation.Value(holder) ?? "" }, broker.Unary(cancellationToken));
            invocation.Write(response, writer => WriteUsage(writer, response));
        });
        return command;
    }

    private static Command Override(CliContext context)
    {
        var unit = UnitOption();
        var rule = RuleOption();
        var holder = HolderOption();
        var limit = new Option<int>("--limit") { Description = "The temporary limit per the rule's period.", Required = true };
        var burst = new Option<int>("--burst") { Description = "Most at once (default: the limit)." };
        var lasting = new Option<string>("--for") { Description = "How long it holds: 30m, 8h, 2d (at most 31 days).", Required = true };
        var reason = ReasonOption();
        var command = new Command("override", "Set a temporary limit for one counter, on every broker at once.")
        {
            unit, rule, holder, limit, burst, lasting, reason,
        };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var duration = DurationText.Parse(invocation.Value(lasting))
                ?? throw new UsageException($"--for: '{invocation.Value(lasting)}' is not a duration such as 30m or 8h.");
            var broker = invocation.Broker;
            var expiresAt = invocation.Time.GetUtcNow() + duration;
            var response = await broker.Limits.SetOverrideAsync(new SetOverrideRequest
            {
                Unit = invocation.Value(unit),
                Rule = invocation.Value(rule),
                Holder = invocation.Value(holder) ?? "",
                Limit = invocation.Value(limit),
                Burst = invocation.Value(burst),
                ExpiresAt = Timestamp.FromDateTimeOffset(expiresAt),
                Reason = invocation.Value(reason),
            }, broker.Unary(cancellationToken));
            invocation.Write(response, writer => writer.WriteLine(
                $"override set: {invocation.Value(rule)} limit {invocation.Value(limit)} until {DisplayText.Time(Timestamp.FromDateTimeOffset(expiresAt))}"));
        });
        return command;
    }

    private static Command Reset(CliContext context)
    {
        var unit = UnitOption();
        var rule = RuleOption();
        var holder = HolderOption();
        var reason = ReasonOption();
        var command = new Command("reset", "Empty one counter (and drop its override): its full allowance is back.") { unit, rule, holder, reason };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var response = await broker.Limits.ResetCounterAsync(new ResetCounterRequest
            {
                Unit = invocation.Value(unit),
                Rule = invocation.Value(rule),
                Holder = invocation.Value(holder) ?? "",
                Reason = invocation.Value(reason),
            }, broker.Unary(cancellationToken));
            invocation.Write(response, writer => writer.WriteLine($"reset: {invocation.Value(rule)}"));
        });
        return command;
    }

    private static Command Shadow(CliContext context)
    {
        var rule = new Argument<string>("RULE") { Description = "The rule's name, e.g. submit-per-officer." };
        var state = new Argument<string>("STATE") { Description = "on: count and report only; off: enforce again." };
        state.AcceptOnlyFromAmong("on", "off");
        var reason = ReasonOption();
        var command = new Command("shadow", "Put a rule in shadow mode (counted, reported, never refusing) or take it out.") { rule, state, reason };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var on = invocation.Value(state) == "on";
            var response = await broker.Limits.SetShadowModeAsync(new SetShadowModeRequest
            {
                Rule = invocation.Value(rule),
                Shadow = on,
                Reason = invocation.Value(reason),
            }, broker.Unary(cancellationToken));
            invocation.Write(response, writer => writer.WriteLine($"{invocation.Value(rule)}: {(on ? "shadow (not enforced)" : "enforced")}"));
        });
        return command;
    }

    internal static void WriteUsage(TextWriter writer, GetUsageResponse response)
    {
        var table = new TextTable("RULE", "HOLDER", "LIMIT", "BURST", "PERIOD", "REMAINING", "FULL IN", "MODE");
        foreach (var counter in response.Counters)
        {
            var limit = counter.Limit.ToString(CultureInfo.InvariantCulture) + (counter.OverrideExpiresAt is null ? "" : "*");
            table.AddRow(
                counter.Rule + (counter.Category.Length == 0 ? "" : $" ({counter.Category})"),
                counter.Holder.Length == 0 ? DisplayText.None : counter.Holder,
                limit,
                counter.Burst == 0 ? DisplayText.None : counter.Burst.ToString(CultureInfo.InvariantCulture),
                Span(counter.Period.ToTimeSpan()),
                counter.Remaining.ToString(CultureInfo.InvariantCulture),
                Span(counter.FullIn.ToTimeSpan()),
                counter.Shadow ? "shadow" : "enforce");
        }
        table.WriteTo(writer);
        foreach (var counter in response.Counters.Where(c => c.OverrideExpiresAt is not null))
            writer.WriteLine(DisplayText.OneLine($"* {counter.Rule}: override until {DisplayText.Time(counter.OverrideExpiresAt)}"));
    }

    private static string Span(TimeSpan span) => span switch
    {
        { TotalSeconds: < 1 } => "0s",
        { TotalMinutes: < 1 } => $"{span.TotalSeconds:0}s",
        { TotalHours: < 1 } => $"{span.TotalMinutes:0}m",
        { TotalDays: < 1 } => $"{span.TotalHours:0.#}h",
        _ => $"{span.TotalDays:0.#}d",
    };

    private static Option<string> UnitOption() => new("--unit") { Description = "The unit whose counters.", Required = true };

    private static Option<string> RuleOption() => new("--rule") { Description = "The rule's name, e.g. submit-per-officer.", Required = true };

    private static Option<string?> HolderOption() => new("--holder") { Description = "The officer or approver id (omit for a unit rule)." };

    private static Option<string> ReasonOption() => new("--reason") { Description = "Why; kept in the audit trail.", Required = true };
}
