using DataBroker.Broker.V1;
using DataBroker.Cli.Commands;
using DataBroker.Records.V1;

namespace DataBroker.Cli.Tests;

public sealed class SubmitOptionsTests
{
    private static readonly DateTimeOffset Now = new(2024, 6, 7, 10, 30, 0, TimeSpan.Zero);

    private static readonly string[] Minimal =
        ["--nid", "1234567890", "--case", "ATU-2024-17", "--basis", "anti-terrorism", "--justification", "Seen with the suspect"];

    private static SubmitRequest Build(params string[] extra)
    {
        var submit = new SubmitCommand(new CliContext(new CliEnvironment(TextWriter.Null, TextWriter.Null), new GlobalOptions()));
        var parseResult = submit.Command.Parse([.. Minimal, .. extra]);
        Assert.Empty(parseResult.Errors);
        return submit.Build(parseResult, Now);
    }

    [Fact]
    public void Categories_may_be_repeated_or_comma_separated_and_map_to_the_wire_enum()
    {
        var request = Build("--category", "nid,sim", "--category", "criminal");

        Assert.Equal([Category.NidDetails, Category.SimRegistrations, Category.CriminalRecord], request.Categories);
        Assert.Equal(LegalBasis.AntiTerrorismAct, request.LegalBasis);
        Assert.Equal("ATU-2024-17", request.CaseReference);
        Assert.Equal("Seen with the suspect", request.Justification);
        Assert.Equal(Urgency.Routine, request.Urgency);
        Assert.Equal(Subject.KindOneofCase.Nid, request.Subject.KindCase);
        Assert.Null(request.CdrWindow);
        Assert.True(Guid.TryParse(request.IdempotencyKey, out _));
    }

    [Theory]
    [InlineData("anti-terrorism", LegalBasis.AntiTerrorismAct)]
    [InlineData("telecom-97a", LegalBasis.TelecomAct97A)]
    [InlineData("crpc-94", LegalBasis.Crpc94)]
    [InlineData("court-order", LegalBasis.CourtOrder)]
    [InlineData("narcotics", LegalBasis.NarcoticsControlAct)]
    public void Every_basis_word_maps_to_its_law(string word, LegalBasis expected)
    {
        var submit = new SubmitCommand(new CliContext(new CliEnvironment(TextWriter.Null, TextWriter.Null), new GlobalOptions()));
        var parseResult = submit.Command.Parse(["--nid", "1234567890", "--case", "C", "--basis", word, "--justification", "J", "--category", "nid"]);

        Assert.Equal(expected, submit.Build(parseResult, Now).LegalBasis);
    }

    [Fact]
    public void A_date_window_is_half_open_and_includes_the_whole_last_day()
    {
        var request = Build("--category", "cdr", "--from", "2024-05-01", "--to", "2024-05-31");

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), request.CdrWindow.From.ToDateTimeOffset());
        Assert.Equal(new DateTimeOffset(2024, 6, 1, 0, 0, 0, TimeSpan.Zero), request.CdrWindow.To.ToDateTimeOffset());
    }

    [Fact]
    public void Days_gives_a_window_ending_now()
    {
        var request = Build("--category", "cdr", "--days", "30");

        Assert.Equal(Now.AddDays(-30), request.CdrWindow.From.ToDateTimeOffset());
        Assert.Equal(Now, request.CdrWindow.To.ToDateTimeOffset());
    }

    [Fact]
    public void An_msisdn_subject_loses_its_plus_and_urgency_and_key_are_kept()
    {
        var submit = new SubmitCommand(new CliContext(new CliEnvironment(TextWriter.Null, TextWriter.Null), new GlobalOptions()));
        var parseResult = submit.Command.Parse(["--msisdn", "+8801712345678", "--case", "C", "--basis", "narcotics", "--justification", "J",
            "--category", "sim", "--urgency", "emergency", "--idempotency-key", "k-1"]);

        var request = submit.Build(parseResult, Now);

        Assert.Equal("8801712345678", request.Subject.Msisdn);
        Assert.Equal(Urgency.Emergency, request.Urgency);
        Assert.Equal("k-1", request.IdempotencyKey);
    }

    [Theory]
    [InlineData("--basis", "--nid", "1234567890", "--category", "nid", "--case", "C", "--basis", "vibes", "--justification", "J")]
    [InlineData("--category", "--nid", "1234567890", "--category", "nid,dna", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--nid", "--nid", "12345", "--category", "nid", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--nid / --msisdn", "--nid", "1234567890", "--msisdn", "8801712345678", "--category", "nid", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--nid / --msisdn", "--category", "nid", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--category cdr", "--nid", "1234567890", "--category", "cdr", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--from/--to/--days", "--nid", "1234567890", "--category", "nid", "--days", "3", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--from/--to", "--nid", "1234567890", "--category", "cdr", "--from", "2024-01-01", "--to", "2024-06-01", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--to", "--nid", "1234567890", "--category", "cdr", "--from", "2024-01-01", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--urgency", "--nid", "1234567890", "--category", "nid", "--urgency", "asap", "--case", "C", "--basis", "crpc-94", "--justification", "J")]
    [InlineData("--case", "--nid", "1234567890", "--category", "nid", "--basis", "crpc-94", "--justification", "J")]
    public async Task Bad_input_is_a_usage_error_naming_the_option(string option, params string[] args)
    {
        var run = await CliRun.ExecuteAsync(["submit", .. args]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(option, run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }
}
