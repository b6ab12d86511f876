using DataBroker.Broker.V1;
using DataBroker.Cli.Output;
using DataBroker.Records.V1;

namespace DataBroker.Cli.Tests;

public sealed class TextTableTests
{
    [Fact]
    public void Columns_align_to_the_widest_cell_and_lines_carry_no_trailing_space()
    {
        var table = new TextTable("ID", "STATE", "NOTE")
            .AddRow("r-1", "AWAITING_APPROVAL", "")
            .AddRow("request-22", "APPROVED", "ok");

        Assert.Equal(
            "ID          STATE              NOTE\n" +
            "r-1         AWAITING_APPROVAL\n" +
            "request-22  APPROVED           ok\n",
            table.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_control_character_is_escaped_before_the_widths_are_counted()
    {
        var table = new TextTable("CASE", "UNIT").AddRow("\u202Eab", "ATU").AddRow("x", "DB");

        Assert.Equal(
            "CASE      UNIT\n" +
            "\\u202Eab  ATU\n" +
            "x         DB\n",
            table.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_newline_inside_a_cell_does_not_break_the_row()
    {
        var table = TextTable.WithoutHeader(2).AddRow("justification", "line one\nline two");

        Assert.Equal("justification  line one line two\n", table.ToString().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void A_row_of_the_wrong_width_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new TextTable("A", "B").AddRow("only one"));
    }

    [Fact]
    public void Enum_names_lose_their_prefix_and_times_are_utc_iso_8601()
    {
        Assert.Equal("AWAITING_APPROVAL", DisplayText.Short(RequestState.AwaitingApproval));
        Assert.Equal("CALL_RECORDS", DisplayText.Short(Category.CallRecords));
        Assert.Equal(RequestState.AwaitingApproval, DisplayText.ParseShort<RequestState>("awaiting-approval"));
        Assert.Null(DisplayText.ParseShort<RequestState>("unspecified"));
        Assert.Equal("2024-06-07T04:30:00Z", DisplayText.Time(new DateTimeOffset(2024, 6, 7, 10, 30, 0, TimeSpan.FromHours(6))));
    }
}
