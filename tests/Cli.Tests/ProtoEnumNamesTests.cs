using DataBroker.Broker.V1;
using DataBroker.Cli.Output;
using DataBroker.Records.V1;
using DataBroker.WebConsole.Display;

namespace DataBroker.Cli.Tests;

/// <summary>The one spelling of an enum value both front ends start from, and how each shows it.</summary>
public sealed class ProtoEnumNamesTests
{
    [Fact]
    public void A_value_reads_as_the_proto_spells_it_without_its_enum_prefix()
    {
        Assert.Equal("AWAITING_APPROVAL", ProtoEnumNames.Of(RequestState.AwaitingApproval));
        Assert.Equal("NID_DETAILS", ProtoEnumNames.Of(Category.NidDetails));
        Assert.Equal("UNSPECIFIED", ProtoEnumNames.Of(RequestState.Unspecified));
        // A number a newer broker sends that this build has no name for still reads as something.
        Assert.Equal("99", ProtoEnumNames.Of((RequestState)99));
    }

    [Fact]
    public void The_cli_and_the_console_show_the_same_name_in_their_own_styles()
    {
        Assert.Equal("AWAITING_APPROVAL", DisplayText.Short(RequestState.AwaitingApproval));
        Assert.Equal(RequestState.AwaitingApproval, DisplayText.ParseShort<RequestState>("awaiting-approval"));
        Assert.Equal("awaiting approval", Labels.Of(RequestState.AwaitingApproval));
    }
}
