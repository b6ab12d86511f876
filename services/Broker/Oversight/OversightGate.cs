using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// Oversight's checks on the request path: suspensions (refuse, freeze, revoke), then the insider rules.
/// Every check reads shared state and fails closed: if it cannot be read, the operation does not happen.
/// </summary>
public sealed class OversightGate(SuspensionCache suspensions) : IRequestGate
{
    public async Task EnsureMaySubmitAsync(Officer officer, DataRequest request, CancellationToken cancellationToken) =>
        SuspensionPolicy.EnsureNotSuspended(await suspensions.StatusAsync(officer.Id, officer.Unit, cancellationToken));

    public async Task EnsureMayDecideAsync(Officer approver, DataRequest request, CancellationToken cancellationToken) =>
        SuspensionPolicy.EnsureDecidable(request, await suspensions.StatusAsync(request.RequesterId, request.Unit, cancellationToken));

    public async Task EnsureMayReleaseAsync(Officer officer, DataRequest request, CancellationToken cancellationToken) =>
        SuspensionPolicy.EnsureReleasable(request, await suspensions.StatusAsync(request.RequesterId, request.Unit, cancellationToken));

    public Task ObserveAsync(DataRequest request, AuditEvent committed, CancellationToken cancellationToken) => Task.CompletedTask;
}
