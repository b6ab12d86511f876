using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;

namespace DataBroker.Broker.Storage.Embedded;

/// <summary>The emergency review queue in memory; a completion and its audit entry go in under one lock.</summary>
public sealed class EmbeddedEmergencyReviews(EmbeddedOversightStore journal) : IEmergencyReviews
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, EmergencyReview> _reviews = new(StringComparer.Ordinal);

    public Task EnqueueAsync(EmergencyReview review, CancellationToken cancellationToken)
    {
        lock (_gate)
            _reviews.TryAdd(review.RequestId, review);
        return Task.CompletedTask;
    }

    public Task<EmergencyReview?> GetAsync(string requestId, CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult(_reviews.GetValueOrDefault(requestId));
    }

    public Task<bool> CompleteAsync(EmergencyReview reviewed, AuditEvent audit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_reviews.TryGetValue(reviewed.RequestId, out var open) || open.Justified is not null)
                return Task.FromResult(false);
            _reviews[reviewed.RequestId] = reviewed;
            journal.Append(audit);
        }
        return Task.FromResult(true);
    }

    public Task<bool> MarkOverdueAlertedAsync(string requestId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_reviews.TryGetValue(requestId, out var review) || review.OverdueAlerted)
                return Task.FromResult(false);
            _reviews[requestId] = review with { OverdueAlerted = true };
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<EmergencyReview>> OpenAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<EmergencyReview>>([.. _reviews.Values.Where(r => r.Justified is null).OrderBy(r => r.SubmittedAt)]);
    }
}
