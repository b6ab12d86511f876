using System.CommandLine;
using DataBroker.Broker.V1;
using DataBroker.Cli.Output;

namespace DataBroker.Cli.Commands;

/// <summary><c>audit verify|query|subject</c>: the chained audit trail, for oversight staff.</summary>
internal static class AuditCommand
{
    public static Command Create(CliContext context) => new("audit", "Oversight: verify and read the tamper-evident audit trail.")
    {
        Verify(context),
        Query(context),
        Subject(context),
    };

    private static Command Verify(CliContext context)
    {
        var command = new Command("verify", "Walk every unit's hash chain and the signed checkpoints over them; exit 1 and name the first bad entry if tampered.");
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var result = await broker.Oversight.VerifyAuditAsync(new VerifyAuditRequest(), broker.Unary(cancellationToken));
            invocation.Write(result, writer => writer.WriteLine(result.Intact
                ? $"intact: {result.EntriesChecked} entries, {result.CheckpointsChecked} checkpoints verified"
                : DisplayText.OneLine($"TAMPERED at {Where(result)}: {result.Reason} ({result.EntriesChecked} entries verified before it)")));
            if (!result.Intact)
                throw new CommandFailedException("the audit trail failed verification.");
        });
        return command;
    }

    private static string Where(VerifyAuditResponse result) => result.Chain switch
    {
        "checkpoints" => $"checkpoint {result.FirstBadSeq}",
        "" => $"entry {result.FirstBadSeq}",
        var chain => $"entry {result.FirstBadSeq} of chain {chain}",
    };

    private static Command Query(CliContext context)
    {
        var unit = new Option<string?>("--unit") { Description = "Only this unit's entries." };
        var actor = new Option<string?>("--actor") { Description = "Only entries by this officer (or 'system')." };
        var kind = new Option<string?>("--kind") { Description = "Only this kind, e.g. request.disclosed, oversight.alert." };
        var request = new Option<string?>("--request") { Description = "Only this request's entries." };
        var pageSize = new Option<int>("--page-size") { Description = "Entries per page, 1 to 200 (default 50)." };
        var all = new Option<bool>("--all") { Description = "Follow every page (default: the newest page only)." };
        var command = new Command("query", "The audit trail, newest first.") { unit, actor, kind, request, pageSize, all };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var broker = invocation.Broker;
            var message = new QueryAuditRequest
            {
                Unit = invocation.Value(unit) ?? "",
                ActorId = invocation.Value(actor) ?? "",
                Kind = invocation.Value(kind) ?? "",
                RequestId = invocation.Value(request) ?? "",
                PageSize = invocation.Value(pageSize),
            };
            do
            {
                var page = await broker.Oversight.QueryAuditAsync(message, broker.Unary(cancellationToken));
                invocation.Write(page, writer =>
                {
                    foreach (var entry in page.Entries)
                        writer.WriteLine(OversightView.Entry(entry));
                });
                message.PageToken = page.NextPageToken;
            }
            while (invocation.Value(all) && message.PageToken.Length > 0);
        });
        return command;
    }

    private static Command Subject(CliContext context)
    {
        var nid = new Option<string?>("--nid") { Description = "The citizen's 10-digit NID." };
        var msisdn = new Option<string?>("--msisdn") { Description = "The citizen's mobile number, e.g. 8801712345678." };
        var command = new Command("subject", "Who accessed this citizen, when and what (your question is itself audited).") { nid, msisdn };
        context.SetAction(command, async (invocation, cancellationToken) =>
        {
            var message = (invocation.Value(nid), invocation.Value(msisdn)) switch
            {
                ({ } n, null) => new AccessBySubjectRequest { Nid = n },
                (null, { } m) => new AccessBySubjectRequest { Msisdn = m },
                _ => throw new UsageException("give exactly one of --nid and --msisdn."),
            };
            var broker = invocation.Broker;
            var response = await broker.Oversight.AccessBySubjectAsync(message, broker.Unary(cancellationToken));
            invocation.Write(response, writer =>
            {
                if (response.Entries.Count == 0)
                    writer.WriteLine("no entries name this subject.");
                foreach (var entry in response.Entries)
                    writer.WriteLine(OversightView.Entry(entry));
            });
        });
        return command;
    }
}
