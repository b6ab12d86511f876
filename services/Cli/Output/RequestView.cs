using DataBroker.Broker.V1;

namespace DataBroker.Cli.Output;

/// <summary>The text forms of a data request: a detail block, a table row set, a one-line event.</summary>
internal static class RequestView
{
    public static void WriteDetails(TextWriter writer, DataRequest request)
    {
        var block = TextTable.WithoutHeader(2)
            .AddRow("request", request.RequestId)
            .AddRow("state", $"{DisplayText.Short(request.State)} (version {request.Version})")
            .AddRow("unit", $"{request.Unit} / {request.Headquarters}")
            .AddRow("requester", request.RequesterId)
            .AddRow("case", request.CaseReference)
            .AddRow("legal basis", DisplayText.Short(request.LegalBasis))
            .AddRow("justification", request.Justification)
            .AddRow("subject", DisplayText.Subject(request.Subject))
            .AddRow("categories", DisplayText.Categories(request.Categories))
            .AddRow("cdr window", DisplayText.Window(request.CdrWindow))
            .AddRow("urgency", DisplayText.Short(request.Urgency))
            .AddRow("created", DisplayText.Time(request.CreatedAt))
            .AddRow("deadline", DisplayText.Time(request.Deadline))
            .AddRow("approvals", string.IsNullOrEmpty(request.ApprovalProgress) ? DisplayText.Approvals(request) : request.ApprovalProgress)
            .AddRow("policy", request.PolicyVersion == 0 ? DisplayText.None : $"version {request.PolicyVersion}");
        block.WriteTo(writer);

        if (request.Approvals.Count > 0)
        {
            writer.WriteLine();
            var approvals = new TextTable("APPROVER", "RANK", "DECIDED", "NOTE");
            foreach (var approval in request.Approvals)
                approvals.AddRow(approval.ApproverId, DisplayText.OrNone(approval.ApproverRank), DisplayText.Time(approval.DecidedAt), approval.Note);
            approvals.WriteTo(writer);
        }

        if (request.History.Count > 0)
        {
            writer.WriteLine();
            var history = new TextTable("AT", "FROM", "TO", "ACTOR", "NOTE");
            foreach (var step in request.History)
            {
                history.AddRow(DisplayText.Time(step.At), DisplayText.Short(step.FromState), DisplayText.Short(step.ToState),
                    step.ActorId, step.Note);
            }
            history.WriteTo(writer);
        }
    }

    /// <summary>An officer's own requests: unit and requester are always the caller's, so left out.</summary>
    public static void WriteMine(TextWriter writer, IEnumerable<DataRequest> requests)
    {
        var table = new TextTable("ID", "STATE", "CATEGORIES", "SUBJECT", "CASE", "CREATED", "DEADLINE");
        foreach (var r in requests)
        {
            table.AddRow(r.RequestId, DisplayText.Short(r.State), DisplayText.Categories(r.Categories),
                DisplayText.Subject(r.Subject), r.CaseReference, DisplayText.Time(r.CreatedAt), DisplayText.Time(r.Deadline));
        }
        WriteOrSayNone(writer, table, "no requests");
    }

    /// <summary>An approver's queue: who asked, how urgent, how close to the quorum.</summary>
    public static void WritePending(TextWriter writer, IEnumerable<DataRequest> requests)
    {
        var table = new TextTable("ID", "UNIT", "REQUESTER", "URGENCY", "BASIS", "CATEGORIES", "SUBJECT", "APPROVALS", "DEADLINE");
        foreach (var r in requests)
        {
            table.AddRow(r.RequestId, r.Unit, r.RequesterId, DisplayText.Short(r.Urgency), DisplayText.Short(r.LegalBasis),
                DisplayText.Categories(r.Categories), DisplayText.Subject(r.Subject), DisplayText.Approvals(r), DisplayText.Time(r.Deadline));
        }
        WriteOrSayNone(writer, table, "nothing pending");
    }

    /// <summary>One line per state change seen by <c>watch</c>.</summary>
    public static string StateLine(DataRequest request, DateTimeOffset seenAt) => DisplayText.OneLine(
        $"{DisplayText.Time(seenAt)}  {request.RequestId}  {DisplayText.Short(request.State)}  version {request.Version}  approvals {DisplayText.Approvals(request)}");

    private static void WriteOrSayNone(TextWriter writer, TextTable table, string none)
    {
        if (table.RowCount == 1)
            writer.WriteLine($"({none})");
        else
            table.WriteTo(writer);
    }
}
