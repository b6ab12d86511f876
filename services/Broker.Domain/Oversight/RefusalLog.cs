using System.Collections.Concurrent;
using System.Globalization;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>
/// Puts refusals (bad or missing tokens, permission and policy refusals, limits) on the audit trail,
/// bounded so a flood cannot fill the store: per (caller or source address, method, status) and minute,
/// the first refusal is appended at once and the rest are counted and appended as one entry when the
/// minute ends (the host calls <see cref="FlushAsync"/> once a minute). Past <see cref="MaxKeys"/> distinct keys in a
/// minute, the excess is counted under one key.
/// </summary>
public sealed class RefusalLog(IAuditJournal journal, TimeProvider time, IOversightLog log)
{
    public const int MaxKeys = 10_000;
    public static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private ConcurrentDictionary<RefusalKey, long> _minute = new();

    /// <param name="rule">The limit rule that refused, when one did ("" otherwise): oversight charts refusals by it.</param>
    public async Task RecordAsync(string actor, string unit, string source, string method, string status, string reason, string rule,
        CancellationToken cancellationToken)
    {
        var minute = _minute;
        var key = new RefusalKey(actor, unit, source, method, status, rule);
        if (minute.Count >= MaxKeys && !minute.ContainsKey(key))
            key = new RefusalKey("*", "", "*", "*", status, "");
        if (minute.AddOrUpdate(key, 1, (_, n) => n + 1) != 1)
            return;
        try
        {
            await journal.AppendAsync(Event(key, reason, 1), cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The call is refused either way; losing its record is logged, never turned into a grant.
            log.RefusalAuditFailed(method, e.GetType().Name);
        }
    }

    /// <summary>Appends one entry per key refused more than once this minute, with how many more times.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        var ended = Interlocked.Exchange(ref _minute, new ConcurrentDictionary<RefusalKey, long>());
        foreach (var (key, count) in ended.Where(e => e.Value > 1))
        {
            try
            {
                await journal.AppendAsync(Event(key, "further refusals in the same minute", count - 1), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.RefusalAuditFailed(key.Method, e.GetType().Name);
            }
        }
    }

    private AuditEvent Event(RefusalKey key, string reason, long count)
    {
        var details = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["method"] = key.Method,
            ["status"] = key.Status,
            ["source"] = key.Source,
            [ChainDetails.Reason] = reason.Length > 300 ? reason[..300] : reason,
            ["count"] = count.ToString(CultureInfo.InvariantCulture),
        };
        if (key.Rule.Length > 0)
            details["rule"] = key.Rule;
        return new AuditEvent(OversightAuditKinds.Refused, key.Unit, "", key.Actor, time.GetUtcNow(), details);
    }

    private readonly record struct RefusalKey(string Actor, string Unit, string Source, string Method, string Status, string Rule);
}
