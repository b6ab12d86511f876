using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Oversight;

/// <summary>What a suspension stops: the suspended's own calls, decisions on their pending requests, and their live grants.</summary>
public static class SuspensionPolicy
{
    public static void EnsureNotSuspended(SuspensionStatus status)
    {
        if (status.InForce is { } suspension)
            throw DomainException.Denied(suspension.Describe() + ". Contact oversight.");
    }

    /// <summary>A suspended requester's pending requests are frozen: nobody may decide them until reinstatement.</summary>
    public static void EnsureDecidable(DataRequest request, SuspensionStatus requester)
    {
        if (requester.InForce is { } suspension)
            throw DomainException.Precondition($"Request {request.Id} is frozen: {suspension.Describe()}.");
    }

    /// <summary>A grant that was live when its requester or unit was suspended is revoked for good.</summary>
    public static void EnsureReleasable(DataRequest request, SuspensionStatus requester)
    {
        EnsureNotSuspended(requester);
        var approvedAt = request.History.LastOrDefault(t => t.To == RequestState.Approved)?.At;
        if (approvedAt is not null && requester.LastSuspendedAt is { } suspendedAt && approvedAt <= suspendedAt)
            throw DomainException.Precondition(
                $"The grant on request {request.Id} was revoked by a suspension on {suspendedAt:yyyy-MM-dd HH:mm} UTC; submit a new request.");
    }
}
