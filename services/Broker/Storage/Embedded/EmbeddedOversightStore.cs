using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>The oversight stream and suspensions in memory, for the single-process broker; one lock makes each change atomic with its entry.</summary>
public sealed class EmbeddedOversightStore : IAuditJournal, ISuspensionRegistry, IAlertStore
{
    private readonly Lock _gate = new();
    private readonly List<AuditEvent> _audit = [];
    private readonly Dictionary<string, Suspension> _suspensions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastSuspended = new(StringComparer.Ordinal);

    private readonly List<Alert> _alerts = [];

    public event Action? Changed;

    public event Action<Alert>? Raised;

    public Task RaiseAsync(Alert alert, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _alerts.Add(alert);
            _audit.Add(audit);
        }
        Raised?.Invoke(alert);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<Alert>> RecentAsync(int count, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Alert>>([.. _alerts.TakeLast(Math.Max(count, 0))]);
    }

    public Task AppendAsync(AuditEvent audit, CancellationToken cancellationToken)
    {
        Append(audit);
        return Task.CompletedTask;
    }

    /// <summary>For the embedded stores that write an entry within their own lock (it never takes theirs).</summary>
    internal void Append(AuditEvent audit)
    {
        lock (_gate)
            _audit.Add(audit);
    }

    /// <summary>The oversight stream after position <paramref name="after"/> (a count of entries).</summary>
    public IReadOnlyList<AuditEvent> AuditAfter(int after, int count)
    {
        lock (_gate)
            return _audit.Skip(after).Take(count).ToArray();
    }

    public Task SuspendAsync(Suspension suspension, AuditEvent audit, CancellationToken cancellationToken)
    {
        var field = SuspensionText.Field(suspension.Scope, suspension.Target);
        lock (_gate)
        {
            _suspensions[field] = suspension;
            _lastSuspended[field] = suspension.Since;
            _audit.Add(audit);
        }
        Changed?.Invoke();
        return Task.CompletedTask;
    }

    public Task<bool> ReinstateAsync(SuspensionScope scope, string target, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_suspensions.Remove(SuspensionText.Field(scope, target)))
                return Task.FromResult(false);
            _audit.Add(audit);
        }
        Changed?.Invoke();
        return Task.FromResult(true);
    }

    public Task<SuspensionBook> ReadAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new SuspensionBook([.. _suspensions.Values],
                _lastSuspended.ToDictionary(e => SuspensionText.Key(e.Key), e => e.Value)));
        }
    }

    public Task<IReadOnlyList<Suspension>> ListAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<Suspension>>([.. _suspensions.Values.OrderBy(s => s.Since)]);
    }
}
