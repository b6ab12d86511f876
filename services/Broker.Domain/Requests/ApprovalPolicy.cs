using DataBroker.Broker.Domain.Organisation;

namespace DataBroker.Broker.Domain.Requests;

/// <summary>Who may decide a request, and who may see one.</summary>
public static class ApprovalPolicy
{
    public static void EnsureMayDecide(Officer approver, DataRequest request, DateTimeOffset now)
    {
        if (!approver.CanDecide)
            throw DomainException.Denied("Only an HQ approver may decide requests.");
        // Another HQ's request is reported as absent, so its existence does not leak.
        if (approver.Headquarters != request.Headquarters)
            throw DomainException.NotFound(request.Id);
        if (approver.Id == request.RequesterId)
            throw DomainException.Denied("No one may decide their own request, whatever their role.");
        var state = request.StateAt(now);
        if (state != RequestState.AwaitingApproval)
            throw DomainException.Precondition($"Request {request.Id} is {state}; it can no longer be decided.");
        if (request.Approvals.Any(a => a.ApproverId == approver.Id))
            throw DomainException.Precondition($"You have already approved request {request.Id}; a second approval must come from another approver.");
    }

    /// <summary>
    /// An approval must count towards what the request still needs: a second approver of a rank already counted, or an
    /// approver without a needed rank once only ranked seats remain, is refused (and told which rank is needed), so an
    /// approval never looks like progress it is not. The rank is the one in the approver's signed token.
    /// </summary>
    public static void EnsureApprovalCounts(Officer approver, DataRequest request)
    {
        var progress = request.Progress;
        if (progress.Admits(approver.Rank))
            return;
        var held = approver.Rank is null ? "no approver rank" : $"rank {Echo.Of(approver.Rank)}";
        throw DomainException.Precondition(
            $"Request {request.Id} still needs {progress.StillNeeded} (approval policy version {request.PolicyVersion}); your token carries {held}, which is already counted or not needed.");
    }

    /// <summary>The requester sees their own requests; an approver sees those of the units under their HQ.</summary>
    public static bool MaySee(Officer officer, DataRequest request) =>
        (officer.Id == request.RequesterId && officer.Unit == request.Unit)
        || (officer.CanDecide && officer.Headquarters == request.Headquarters);
}
