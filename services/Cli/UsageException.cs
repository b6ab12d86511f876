namespace DataBroker.Cli;

/// <summary>A command line the CLI cannot act on. The message names the option at fault.</summary>
public sealed class UsageException : Exception
{
    public UsageException()
    {
    }

    public UsageException(string message) : base(message)
    {
    }

    public UsageException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
