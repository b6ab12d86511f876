using DataBroker.Broker.V1;
using DataBroker.Cli.Output;
using DataBroker.Records.V1;
using Google.Protobuf.WellKnownTypes;

namespace DataBroker.Cli.Tests;

public sealed class DisclosureViewTests
{
    private static readonly Timestamp June7 = Timestamp.FromDateTimeOffset(new DateTimeOffset(2024, 6, 7, 4, 30, 0, TimeSpan.Zero));

    [Fact]
    public void Each_released_category_gets_its_own_block_and_absent_ones_none()
    {
        var response = new FetchResponse
        {
            RequestId = "req-1",
            ReleaseId = "rel-9",
            SubjectFound = true,
            NidDetails = new NidDetails { Nid = "1234567890", FullName = "Rahim Uddin", DateOfBirth = "1990-01-02" },
            SimRegistrations = { new SimRegistration { Msisdn = "8801712345678", Operator = "Grameenphone", RegisteredAt = June7, Nid = "1234567890" } },
            CallRecords = { new CallRecord { Caller = "8801712345678", Callee = "8801812345678", Start = June7, DurationSeconds = 75, CellId = "DHK-0042" } },
        };

        using var writer = new StringWriter();
        DisclosureView.Write(writer, response);
        var text = writer.ToString();

        Assert.Contains("release        rel-9", text, StringComparison.Ordinal);
        Assert.Contains("NID details", text, StringComparison.Ordinal);
        Assert.Contains("name               Rahim Uddin", text, StringComparison.Ordinal);
        Assert.Contains("SIM registrations (1)", text, StringComparison.Ordinal);
        Assert.Contains("2024-06-07T04:30:00Z", text, StringComparison.Ordinal);
        Assert.Contains("Call records (1)", text, StringComparison.Ordinal);
        Assert.Contains("75", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Criminal record", text, StringComparison.Ordinal);
    }
}
