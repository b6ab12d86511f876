using System.CommandLine;
using System.Security.Cryptography;
using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Transparency;
using DataBroker.Broker.V1;
using DataBroker.Cli.Report;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Cli.Commands;

/// <summary><c>report build|verify</c>: the signed public transparency report, for oversight staff and anyone holding its key.</summary>
internal static class ReportCommand
{
    public static Command Create(CliContext context) => new("report", "Oversight: the public transparency report, signed and bound to the audit chain.")
    {
        Build(context),
        Verify(context),
    };

    private static Command Build(CliContext context)
    {
        var from = new Option<string>("--from") { Description = "First day of the month (or quarter), UTC, e.g. 2026-10-01.", Required = true };
        var to = new Option<string>("--to") { Description = "First day after it, e.g. 2026-11-01 (a month) or 2027-01-01 (a quarter).", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for report.json, report.csv, report.html and report-key.pem (default: here).", DefaultValueFactory = _ => "." };
        var command = new Command("build", "Fetch the signed report for a month or quarter; write it as JSON (signed), CSV and a static HTML page.") { from, to, output };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var message = new GetTransparencyReportRequest
            {
                From = Timestamp.FromDateTimeOffset(Instant(invocation.Value(from), "--from")),
                To = Timestamp.FromDateTimeOffset(Instant(invocation.Value(to), "--to")),
            };
            var broker = invocation.Broker;
            var response = await broker.Oversight.GetTransparencyReportAsync(message, broker.Unary(cancellationToken));
            SignedReport published;
            TransparencyReport report;
            try
            {
                published = SignedReport.Parse(response.SignedReport);
                report = published.Report;
            }
            catch (FormatException e)
            {
                throw new CommandFailedException($"the broker's answer is not a signed transparency report ({e.Message}); nothing was written.");
            }
            var folder = invocation.Value(output);
            Directory.CreateDirectory(folder);
            // The signed bytes exactly as served: any rewrite (even re-indenting) would break the signature.
            await File.WriteAllTextAsync(Path.Combine(folder, "report.json"), response.SignedReport, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "report.csv"), ReportCsv.Render(report), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "report.html"), ReportHtml.Render(report, published.KeyId), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(folder, "report-key.pem"), response.PublicKeyPem, cancellationToken);
            invocation.Write(response, writer => writer.WriteLine(
                $"wrote report.json, report.csv, report.html, report-key.pem to {Path.GetFullPath(folder)}: " +
                $"{report.Heads.Sum(h => h.Seq)} chain entries, merkle root {report.MerkleRoot}, key {published.KeyId}"));
        });
        return command;
    }

    private static Command Verify(CliContext context)
    {
        var file = new Argument<string>("REPORT") { Description = "The signed report.json." };
        var publicKey = new Option<string?>("--public-key") { Description = "The report key's public PEM (default: ask the broker, which is weaker: hold your own copy)." };
        var offline = new Option<bool>("--signature-only") { Description = "Check the signature alone, without reading the chain from the broker." };
        var command = new Command("verify", "Check the report's signature and, reading the audit chain as an auditor, recompute it byte for byte; exit 1 if either fails.")
        {
            file, publicKey, offline,
        };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            SignedReport published;
            TransparencyReport report;
            try
            {
                published = SignedReport.Parse(await File.ReadAllTextAsync(invocation.Value(file), cancellationToken));
                report = published.Report;
            }
            catch (Exception e) when (e is FormatException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"REPORT: {e.Message}");
            }
            using var key = ECDsa.Create();
            try
            {
                key.ImportFromPem(invocation.Value(publicKey) is { } path ? await File.ReadAllTextAsync(path, cancellationToken)
                    : (await invocation.Broker.Oversight.GetTransparencyReportAsync(new GetTransparencyReportRequest
                    {
                        From = Timestamp.FromDateTimeOffset(report.From),
                        To = Timestamp.FromDateTimeOffset(report.To),
                    }, invocation.Broker.Unary(cancellationToken))).PublicKeyPem);
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--public-key: not an EC public key in PEM form: {e.Message}");
            }
            var output = invocation.Out;
            if (invocation.Value(offline))
            {
                if (!published.IsSignedBy(key))
                    throw new CommandFailedException("the signature does not hold for this key: the report was altered or signed by another key.");
                output.WriteLine($"signature: valid (ES256, key {SignedReport.KeyIdOf(key)}); chain not read (--signature-only)");
                return;
            }
            var chains = await ReadChainsAsync(invocation, cancellationToken);
            var check = ReportVerifier.Check(published, key, chains);
            output.WriteLine(check.SignatureValid ? $"signature: valid (ES256, key {SignedReport.KeyIdOf(key)})" : "signature: INVALID");
            if (check.SignatureValid)
                output.WriteLine(check.ChainsMatchHeads
                    ? $"chains: {report.Heads.Count} chains, {report.Heads.Sum(h => h.Seq)} entries re-linked up to the heads named (merkle root {report.MerkleRoot})"
                    : "chains: DO NOT MATCH the heads the report names");
            if (check.ChainsMatchHeads)
                output.WriteLine(check.Recomputed ? "recomputed: identical, byte for byte" : "recomputed: DIFFERENT");
            if (!check.Holds)
                throw new CommandFailedException(check.Problem + ".");
        });
        return command;
    }

    /// <summary>Every chain entry, through QueryAudit's pages (newest first), by chain: the verifier re-links them itself.</summary>
    private static async Task<Dictionary<string, IReadOnlyList<ChainEntry>>> ReadChainsAsync(CommandInvocation invocation, CancellationToken cancellationToken)
    {
        var broker = invocation.Broker;
        var chains = new Dictionary<string, List<ChainEntry>>(StringComparer.Ordinal);
        var message = new QueryAuditRequest { PageSize = 200 };
        do
        {
            var page = await broker.Oversight.QueryAuditAsync(message, broker.Unary(cancellationToken));
            foreach (var entry in page.Entries)
            {
                if (!chains.TryGetValue(entry.Source, out var list))
                    chains[entry.Source] = list = [];
                list.Add(new ChainEntry(entry.Seq, "", entry.Hash, entry.Source, entry.SourceId, new AuditEvent(entry.Kind, entry.Unit, entry.RequestId,
                    entry.ActorId, entry.At.ToDateTimeOffset(), entry.Details.ToDictionary(d => d.Key, d => d.Value, StringComparer.Ordinal)), ""));
            }
            message.PageToken = page.NextPageToken;
        }
        while (message.PageToken.Length > 0);
        return chains.ToDictionary(c => c.Key, c => (IReadOnlyList<ChainEntry>)c.Value, StringComparer.Ordinal);
    }

    private static DateTimeOffset Instant(string text, string option) =>
        DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture,
            System.Globalization.DateTimeStyles.AssumeUniversal | System.Globalization.DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : throw new UsageException($"{option}: '{text}' is not a date like 2026-10-01.");
}
