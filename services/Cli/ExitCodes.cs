namespace DataBroker.Cli;

/// <summary>The process exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The broker refused or failed the call.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong; nothing was sent.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted by Ctrl+C or SIGTERM, as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}
