namespace DataBroker.Broker.Domain;

/// <summary>A rule refused an operation. The message is for the person who made the call.</summary>
public sealed class DomainException : Exception
{
    public DomainException(DomainErrorKind kind, string message, string? field = null) : base(message)
    {
        Kind = kind;
        Field = field;
    }

    public DomainException() : this(DomainErrorKind.FailedPrecondition, "Refused.") { }

    public DomainException(string message) : this(DomainErrorKind.FailedPrecondition, message) { }

    public DomainException(string message, Exception innerException) : base(message, innerException)
    {
        Kind = DomainErrorKind.FailedPrecondition;
    }

    public DomainErrorKind Kind { get; }

    /// <summary>The request field at fault, for InvalidArgument.</summary>
    public string? Field { get; }

    public static DomainException Invalid(string field, string message) => new(DomainErrorKind.InvalidArgument, message, field);

    /// <summary>Also used for objects the caller may not see, so their existence is not revealed.</summary>
    public static DomainException NotFound(string requestId) => new(DomainErrorKind.NotFound, $"Request {requestId} not found.");

    public static DomainException Denied(string message) => new(DomainErrorKind.PermissionDenied, message);

    public static DomainException Precondition(string message) => new(DomainErrorKind.FailedPrecondition, message);
}
