namespace DataBroker.Broker.Domain;

public enum DomainErrorKind
{
    InvalidArgument,
    NotFound,
    PermissionDenied,
    FailedPrecondition,
    /// <summary>Another change won the race; the caller may re-read and retry.</summary>
    Conflict,
    Unavailable,
}
