using System.Globalization;

namespace DataBroker.LoadDriver;

/// <summary>The driver's command line: a verb, then <c>--name value</c> pairs.</summary>
internal sealed class DriverArguments
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public DriverArguments(IReadOnlyList<string> args)
    {
        Verb = args.Count > 0 ? args[0] : "help";
        var positional = new List<string>();
        for (var i = 1; i < args.Count; i++)
        {
            if (args[i].StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Count)
                    throw new ArgumentException($"{args[i]} needs a value.");
                _values[args[i][2..]] = args[++i];
            }
            else
            {
                positional.Add(args[i]);
            }
        }
        Positional = positional;
    }

    public string Verb { get; }

    public IReadOnlyList<string> Positional { get; }

    public string Text(string name, string? fallback = null) =>
        _values.TryGetValue(name, out var value) ? value : fallback ?? throw new ArgumentException($"--{name} is required.");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public int Int(string name, int fallback) => _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public double Number(string name, double fallback) =>
        _values.TryGetValue(name, out var v) ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Seconds(string name, double fallback) => TimeSpan.FromSeconds(Number(name, fallback));
}
