using System.CommandLine;
using System.Text.Json;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Tests;

/// <summary>
/// Other people's text (justifications, notes, reasons, error details) never steers the terminal: every command,
/// answered by a broker that puts escape sequences and bidi controls in every string, prints none of them, in text,
/// in --json and in its error line. The commands are enumerated from the CLI itself, so a new one must be listed here.
/// </summary>
public sealed class TerminalInjectionTests : IDisposable
{
    private readonly string _leak = Path.GetTempFileName();

    public void Dispose() => File.Delete(_leak);

    /// <summary>How each command is invoked; commands that print nothing the server wrote are marked.</summary>
    private static readonly Dictionary<string, (string[] Args, bool PrintsServerText)> Invocations = new(StringComparer.Ordinal)
    {
        ["submit"] = (["--nid", "1234567890", "--category", "nid", "--case", "C-1", "--basis", "anti-terrorism", "--justification", "J"], true),
        ["status"] = (["ATU.1"], true),
        ["list"] = ([], true),
        ["watch"] = (["ATU.1"], true),
        ["cancel"] = (["ATU.1"], true),
        ["fetch"] = (["ATU.1"], true),
        ["pending"] = ([], true),
        ["watch-pending"] = ([], true),
        ["approve"] = (["ATU.1"], true),
        ["reject"] = (["ATU.1", "--reason", "no"], true),
        ["limits usage"] = (["--unit", "ATU"], true),
        ["limits override"] = (["--unit", "ATU", "--rule", "r", "--limit", "5", "--for", "1h", "--reason", "why"], false),
        ["limits reset"] = (["--unit", "ATU", "--rule", "r", "--reason", "why"], false),
        ["limits shadow"] = (["r", "on", "--reason", "why"], false),
        ["policy show"] = ([], true),
        ["audit verify"] = ([], true),
        ["audit query"] = ([], true),
        ["audit subject"] = (["--nid", "1234567890"], true),
        ["trace-leak"] = (["--file", "{leak}"], true),
        ["suspend"] = (["--officer", "o", "--reason", "why"], true),
        ["reinstate"] = (["--officer", "o", "--reason", "why"], false),
        ["suspensions"] = ([], true),
        ["alerts"] = ([], true),
        ["review"] = (["ATU.1", "--justified"], false),
    };

    /// <summary>Commands that never call the broker.</summary>
    private static readonly HashSet<string> Local = new(StringComparer.Ordinal) { "token", "dev" };

    /// <summary>
    /// Commands whose answer is a signed document the CLI parses before printing anything: a hostile answer is refused
    /// (tested below), so the output tests above do not apply. Verify reads a local file first and then the audit pages.
    /// </summary>
    private static readonly HashSet<string> SignedDocuments = new(StringComparer.Ordinal) { "report build", "report verify" };

    public static TheoryData<string> Commands() => [.. Invocations.Keys.Order(StringComparer.Ordinal)];

    [Fact]
    public void Every_command_of_the_cli_is_exercised()
    {
        var root = DbrokerCli.CreateRootCommand(new CliEnvironment(TextWriter.Null, TextWriter.Null));
        var leaves = Leaves(root, "").ToHashSet(StringComparer.Ordinal);
        Assert.Equal(leaves.Order(StringComparer.Ordinal), Invocations.Keys.Concat(Local).Concat(SignedDocuments).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Report_build_refuses_a_hostile_answer_and_its_error_line_is_clean(bool fail)
    {
        var folder = Directory.CreateTempSubdirectory("dbroker-hostile-").FullName;
        try
        {
            using var broker = new HostileBroker(fail);
            var run = await CliRun.ExecuteAsync(["--broker", "http://localhost", "--token", "t", "report", "build", "--from", "2026-11-01",
                "--to", "2026-12-01", "--out", folder], broker);
            Assert.Equal(ExitCodes.Failure, run.ExitCode);
            AssertClean("report build", run.Out + run.Error);
            Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith(fail ? "error: FailedPrecondition: A\\u001B[2J" : "error: the broker's answer is not a signed transparency report", run.Error,
                StringComparison.Ordinal);
            Assert.Empty(Directory.GetFiles(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Text_output_neutralises_control_and_bidi_characters(string command)
    {
        var run = await RunAsync(command, fail: false);

        AssertClean(command, run.Out + run.Error);
        if (Invocations[command].PrintsServerText)
            Assert.Contains(@"\u202E", run.Out + run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task Json_output_stays_json_that_carries_the_text_exactly(string command)
    {
        var run = await RunAsync(command, fail: false, "--json");

        AssertClean(command, run.Out + run.Error);
        var lines = run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.NotEmpty(lines);
        var strings = lines.SelectMany(line => Strings(JsonDocument.Parse(line).RootElement)).ToList();
        if (Invocations[command].PrintsServerText)
            Assert.Contains(HostileBroker.Text, strings);
    }

    [Theory]
    [MemberData(nameof(Commands))]
    public async Task The_error_line_neutralises_the_servers_detail(string command)
    {
        var run = await RunAsync(command, fail: true);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        AssertClean(command, run.Out + run.Error);
        Assert.StartsWith("error: FailedPrecondition: A\\u001B[2J", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Bengali_joiners_and_other_scripts_pass_unchanged()
    {
        const string Text = "মোঃ রহিম ক্\u200Dষ ক্\u200Cষ, Ünal, 😀, tab\tand\nline";
        Assert.Equal(Text, TerminalSafeWriter.Neutralise(Text));
    }

    [Fact]
    public void A_release_watermark_in_a_fetched_name_passes_so_a_copied_record_still_carries_it()
    {
        // The broker's watermark alphabet: U+2060 fences around U+200B/U+200C bits, after a name's first word.
        const string Text = "name               Rahim\u2060\u200B\u200C\u200C\u200B\u2060 Uddin";
        Assert.Equal(Text, TerminalSafeWriter.Neutralise(Text));
    }

    [Fact]
    public void A_surrogate_pair_split_across_writes_is_judged_whole()
    {
        using var inner = new StringWriter();
        using (var writer = new TerminalSafeWriter(inner))
        {
            writer.Write('\uD83D');
            writer.Write('\uDE00'); // 😀: printable
            writer.Write('\uDB40');
            writer.Write("\uDC01"); // U+E0001 LANGUAGE TAG: invisible, escaped
            writer.Write('\uD800'); // unpaired at the end
        }
        Assert.Equal(@"😀\uDB40\uDC01\uD800", inner.ToString());
    }

    private async Task<CliRun> RunAsync(string command, bool fail, params string[] extra)
    {
        var (args, _) = Invocations[command];
        string[] all = [.. command.Split(' '), .. args.Select(a => a.Replace("{leak}", _leak, StringComparison.Ordinal)), .. extra];
        using var broker = new HostileBroker(fail);
        return await CliRun.ExecuteAsync(["--broker", "http://localhost", "--token", "t", .. all], broker);
    }

    private static void AssertClean(string command, string output)
    {
        foreach (var c in output)
        {
            var steers = c is < ' ' and not '\n' and not '\t' or >= '\u007F' and <= '\u009F'
                or '\u061C' or '\u200E' or '\u200F' or >= '\u202A' and <= '\u202E' or >= '\u2066' and <= '\u2069' or '\u2028' or '\u2029';
            Assert.False(steers, $"{command} printed U+{(int)c:X4}:\n{output}");
        }
        Assert.DoesNotContain("\nFORGED", output, StringComparison.Ordinal);
    }

    private static IEnumerable<string> Leaves(Command command, string path)
    {
        if (command.Subcommands.Count == 0)
        {
            yield return path;
            yield break;
        }
        foreach (var sub in command.Subcommands)
        {
            foreach (var leaf in Leaves(sub, path.Length == 0 ? sub.Name : path + " " + sub.Name))
                yield return leaf;
        }
    }

    private static IEnumerable<string> Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => Strings(p.Value).Prepend(p.Name)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(Strings),
        _ => [],
    };
}
