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
    /// <summary>A limit refused the call; <see cref="DomainException.RetryAfter"/> says when it may pass.</summary>
    ResourceExhausted,
}
