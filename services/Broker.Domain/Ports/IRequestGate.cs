using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Domain.Ports;

/// <summary>
/// Oversight's say on the request path: each Ensure method throws a <see cref="DomainException"/> to
/// refuse (a suspended officer, a frozen request, a revoked grant, an insider rule) and fails closed:
/// when it cannot tell, it throws. <see cref="ObserveAsync"/> sees each committed change.
/// </summary>
public interface IRequestGate
{
    /// <param name="subjectPseudonym">The subject's keyed pseudonym when the caller has already computed it (it is
    /// computed once per submission), else null.</param>
    Task EnsureMaySubmitAsync(Officer officer, DataRequest request, string? subjectPseudonym, CancellationToken cancellationToken);

    Task EnsureMayDecideAsync(Officer approver, DataRequest request, CancellationToken cancellationToken);

    Task EnsureMayReleaseAsync(Officer officer, DataRequest request, CancellationToken cancellationToken);

    Task ObserveAsync(DataRequest request, AuditEvent committed, CancellationToken cancellationToken);
}
