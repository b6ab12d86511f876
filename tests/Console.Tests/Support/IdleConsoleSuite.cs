namespace DataBroker.Console.Tests.Support;

/// <summary>The suite with the shortest idle timeout the console accepts (one minute), for the idle tests.</summary>
public sealed class IdleConsoleSuite : ConsoleSuite
{
    protected override IReadOnlyDictionary<string, string?> ConsoleSettings { get; } = new Dictionary<string, string?>
    {
        ["Console:IdleTimeout"] = "00:01:00",
    };
}
