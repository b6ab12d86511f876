using System.CommandLine;
using System.Globalization;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Cli.Commands;

/// <summary><c>submit</c>: an officer asks for one subject's records under a case and a legal basis.</summary>
internal sealed class SubmitCommand
{
    /// <summary>The broker refuses longer CDR windows; saying so here saves a round trip.</summary>
    public const int MaxWindowDays = 90;

    private readonly Option<string?> _nid = new("--nid") { Description = "Subject's 10-digit NID number." };
    private readonly Option<string?> _msisdn = new("--msisdn") { Description = "Subject's phone number, E.164 (8801712345678)." };
    private readonly Option<string[]> _categories = new("--category")
    {
        Description = "nid, sim, cdr, criminal; repeat the option or separate with commas.",
        Required = true,
    };
    private readonly Option<string> _case = new("--case") { Description = "Case reference.", Required = true };
    private readonly Option<string> _basis = new("--basis")
    {
        Description = "anti-terrorism, telecom-97a, crpc-94, court-order or narcotics.",
        Required = true,
    };
    private readonly Option<string> _justification = new("--justification")
    {
        Description = "Why this subject matters to this case.",
        Required = true,
    };
    private readonly Option<string?> _from = new("--from") { Description = "CDR window start (YYYY-MM-DD or ISO 8601 time, UTC)." };
    private readonly Option<string?> _to = new("--to") { Description = "CDR window end; a date includes that whole day." };
    private readonly Option<int?> _days = new("--days") { Description = "CDR window of the last N days, ending now." };
    private readonly Option<string> _urgency = new("--urgency")
    {
        Description = "routine, priority or emergency.",
        DefaultValueFactory = _ => "routine",
    };
    private readonly Option<string?> _idempotencyKey = new("--idempotency-key")
    {
        Description = "Resubmitting with the same key returns the first request (default: a new GUID).",
    };

    public SubmitCommand(CliContext context)
    {
        Command = new Command("submit", "Ask your HQ to approve a disclosure of one subject's records.")
        {
            _nid, _msisdn, _categories, _case, _basis, _justification, _from, _to, _days, _urgency, _idempotencyKey,
        };
        context.SetAction(Command, async (invocation, cancellationToken) =>
        {
            var request = Build(invocation.ParseResult, invocation.Time.GetUtcNow());
            var broker = invocation.Broker;
            var response = await broker.Requests.SubmitAsync(request, broker.Unary(cancellationToken));
            invocation.Write(response, writer =>
            {
                if (response.Replayed)
                    writer.WriteLine("(replayed: this idempotency key was already used; showing the original request)");
                RequestView.WriteDetails(writer, response.Request);
            });
        });
    }

    public Command Command { get; }

    /// <summary>Turns the options into the wire message, or throws <see cref="UsageException"/> naming the option at fault.</summary>
    public SubmitRequest Build(ParseResult parseResult, DateTimeOffset now)
    {
        var request = new SubmitRequest
        {
            IdempotencyKey = parseResult.GetValue(_idempotencyKey) is { Length: > 0 } key ? key : Guid.NewGuid().ToString(),
            CaseReference = Required(parseResult.GetValue(_case), "--case"),
            LegalBasis = SubmitVocabulary.Read(SubmitVocabulary.Bases, "--basis", parseResult.GetValue(_basis) ?? ""),
            Justification = Required(parseResult.GetValue(_justification), "--justification"),
            Subject = ReadSubject(parseResult.GetValue(_nid), parseResult.GetValue(_msisdn)),
            Urgency = ReadUrgency(parseResult.GetValue(_urgency) ?? "routine"),
        };

        var categories = (parseResult.GetValue(_categories) ?? [])
            .SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Select(c => SubmitVocabulary.Read(SubmitVocabulary.Categories, "--category", c))
            .Distinct()
            .ToList();
        if (categories.Count == 0)
            throw new UsageException("--category: name at least one of nid, sim, cdr, criminal.");
        request.Categories.AddRange(categories);

        var window = ReadWindow(parseResult.GetValue(_from), parseResult.GetValue(_to), parseResult.GetValue(_days), now);
        if (categories.Contains(Category.CallRecords))
            request.CdrWindow = window ?? throw new UsageException("--category cdr needs a window: --from and --to, or --days.");
        else if (window is not null)
            throw new UsageException("--from/--to/--days: a window applies only with --category cdr.");

        return request;
    }

    private static string Required(string? value, string option) =>
        string.IsNullOrWhiteSpace(value) ? throw new UsageException($"{option}: must not be empty.") : value.Trim();

    private static Subject ReadSubject(string? nid, string? msisdn)
    {
        if ((nid is null) == (msisdn is null))
            throw new UsageException("--nid / --msisdn: give exactly one subject.");
        if (nid is not null)
        {
            nid = nid.Trim();
            return nid.Length == 10 && nid.All(char.IsAsciiDigit)
                ? new Subject { Nid = nid }
                : throw new UsageException($"--nid: '{nid}' is not a 10-digit NID number.");
        }

        var digits = msisdn!.Trim().TrimStart('+');
        return digits.Length is >= 8 and <= 15 && digits.All(char.IsAsciiDigit)
            ? new Subject { Msisdn = digits }
            : throw new UsageException($"--msisdn: '{msisdn}' is not an E.164 number such as 8801712345678.");
    }

    private static Urgency ReadUrgency(string text) =>
        DisplayText.ParseShort<Urgency>(text)
            ?? throw new UsageException($"--urgency: unknown value '{text}'; expected one of {DisplayText.Choices<Urgency>()}.");

    private static TimeWindow? ReadWindow(string? from, string? to, int? days, DateTimeOffset now)
    {
        if (days is not null)
        {
            if (from is not null || to is not null)
                throw new UsageException("--days: give either --days or --from/--to, not both.");
            if (days is < 1 or > MaxWindowDays)
                throw new UsageException($"--days: must be 1 to {MaxWindowDays}.");
            return Window(now.AddDays(-days.Value), now);
        }

        if (from is null && to is null)
            return null;
        if (from is null || to is null)
            throw new UsageException(from is null ? "--from: required with --to." : "--to: required with --from.");

        var start = ReadTime(from, "--from", wholeDayEnd: false);
        var end = ReadTime(to, "--to", wholeDayEnd: true);
        if (end <= start)
            throw new UsageException("--to: must be after --from.");
        if (end - start > TimeSpan.FromDays(MaxWindowDays))
            throw new UsageException($"--from/--to: the window may span at most {MaxWindowDays} days.");
        return Window(start, end);
    }

    // The window is half-open, so a bare date as its end means "through that day": the next midnight.
    private static DateTimeOffset ReadTime(string text, string option, bool wholeDayEnd)
    {
        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return wholeDayEnd ? midnight.AddDays(1) : midnight;
        }
        if (DateTimeOffset.TryParse(text.Trim(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time.ToUniversalTime();
        throw new UsageException($"{option}: '{text}' is not a date (YYYY-MM-DD) or an ISO 8601 time.");
    }

    private static TimeWindow Window(DateTimeOffset from, DateTimeOffset to) =>
        new() { From = Timestamp.FromDateTimeOffset(from), To = Timestamp.FromDateTimeOffset(to) };
}
