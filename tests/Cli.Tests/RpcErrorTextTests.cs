using DataBroker.Cli.Connection;
using Grpc.Core;

namespace DataBroker.Cli.Tests;

public sealed class RpcErrorTextTests
{
    private static RpcException Limited(string detail) =>
        new(new Status(StatusCode.ResourceExhausted, detail), new Metadata { { RpcErrorText.RetryAfterTrailer, "2500" } });

    [Fact]
    public void A_refusal_that_already_says_when_to_retry_says_it_once()
    {
        var line = RpcErrorText.Describe(Limited("Limit officer_submit reached; nothing was done or counted. Try again in 3 s."));

        Assert.Equal("error: ResourceExhausted: Limit officer_submit reached; nothing was done or counted. Try again in 3 s.", line);
    }

    [Fact]
    public void A_terse_refusal_gets_the_retry_time_from_its_trailer()
    {
        Assert.Equal("error: ResourceExhausted: slow down (retry after 2.5 s)", RpcErrorText.Describe(Limited("slow down")));
    }
}
