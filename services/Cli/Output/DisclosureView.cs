using DataBroker.Broker.V1;

namespace DataBroker.Cli.Output;

/// <summary>The records a fetch released, laid out by category.</summary>
internal static class DisclosureView
{
    public static void Write(TextWriter writer, FetchResponse response)
    {
        TextTable.WithoutHeader(2)
            .AddRow("request", response.RequestId)
            .AddRow("release", response.ReleaseId)
            .AddRow("subject found", response.SubjectFound ? "yes" : "no")
            .WriteTo(writer);

        if (response.NidDetails is { } nid)
        {
            Heading(writer, "NID details");
            TextTable.WithoutHeader(2)
                .AddRow("nid", nid.Nid)
                .AddRow("name", nid.FullName)
                .AddRow("father", nid.FatherName)
                .AddRow("mother", nid.MotherName)
                .AddRow("date of birth", nid.DateOfBirth)
                .AddRow("present address", nid.PresentAddress)
                .AddRow("permanent address", nid.PermanentAddress)
                .AddRow("blood group", nid.BloodGroup)
                .AddRow("photo sha256", nid.PhotoSha256)
                .WriteTo(writer);
        }

        if (response.SimRegistrations.Count > 0)
        {
            Heading(writer, $"SIM registrations ({response.SimRegistrations.Count})");
            var sims = new TextTable("MSISDN", "OPERATOR", "REGISTERED", "NID");
            foreach (var sim in response.SimRegistrations)
                sims.AddRow(sim.Msisdn, sim.Operator, DisplayText.Time(sim.RegisteredAt), sim.Nid);
            sims.WriteTo(writer);
        }

        if (response.CallRecords.Count > 0)
        {
            Heading(writer, $"Call records ({response.CallRecords.Count})");
            var calls = new TextTable("START", "CALLER", "CALLEE", "SECONDS", "CELL");
            foreach (var call in response.CallRecords)
            {
                calls.AddRow(DisplayText.Time(call.Start), call.Caller, call.Callee,
                    call.DurationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), call.CellId);
            }
            calls.WriteTo(writer);
        }

        if (response.CriminalRecord is { } record)
        {
            Heading(writer, $"Criminal record of {record.Nid} ({record.Cases.Count} cases)");
            if (record.Cases.Count == 0)
                writer.WriteLine("(no cases)");
            else
            {
                var cases = new TextTable("CASE", "POLICE STATION", "OFFENCE", "FILED", "STATUS");
                foreach (var c in record.Cases)
                    cases.AddRow(c.CaseNumber, c.PoliceStation, c.Offence, c.FiledOn, c.Status);
                cases.WriteTo(writer);
            }
        }
    }

    private static void Heading(TextWriter writer, string title)
    {
        writer.WriteLine();
        writer.WriteLine(DisplayText.OneLine(title));
    }
}
