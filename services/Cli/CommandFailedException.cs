namespace DataBroker.Cli;

/// <summary>The call succeeded but its answer is a failure a script must see (exit 1), e.g. a tampered audit trail.</summary>
public sealed class CommandFailedException : Exception
{
    public CommandFailedException()
    {
    }

    public CommandFailedException(string message) : base(message)
    {
    }

    public CommandFailedException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
