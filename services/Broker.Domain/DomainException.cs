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

    /// <summary>For ResourceExhausted: the rule that refused the call.</summary>
    public string? Rule { get; private init; }

    /// <summary>For ResourceExhausted: how long until the call could pass.</summary>
    public TimeSpan? RetryAfter { get; private init; }

    public static DomainException Invalid(string field, string message) => new(DomainErrorKind.InvalidArgument, message, field);

    /// <summary>Also used for objects the caller may not see, so their existence is not revealed.</summary>
    public static DomainException NotFound(string requestId) => new(DomainErrorKind.NotFound, $"Request {Echo.Of(requestId)} not found.");

    public static DomainException Denied(string message) => new(DomainErrorKind.PermissionDenied, message);

    public static DomainException Precondition(string message) => new(DomainErrorKind.FailedPrecondition, message);

    public static DomainException Limited(string rule, TimeSpan retryAfter) =>
        new(DomainErrorKind.ResourceExhausted,
            $"Limit {rule} reached; nothing was done or counted. Try again in {Math.Ceiling(retryAfter.TotalSeconds):0} s.")
        {
            Rule = rule,
            RetryAfter = retryAfter,
        };
}
