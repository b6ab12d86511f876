using DataBroker.GrpcEdge;
using DataBroker.Records.V1;
using Grpc.Core;

namespace DataBroker.Records.Tests.Grpc;

/// <summary>The records service's edge: what does not parse, or is too long, is refused before Lookup runs.</summary>
public sealed class RecordsEdgeTests : IAsyncLifetime
{
    private RecordsServer _server = null!;

    public async Task InitializeAsync() => _server = await RecordsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(new byte[] { 0x0A, 0x05, 0x31 })]             // nid: length prefix past the end
    [InlineData(new byte[] { 0x0A, 0x02, 0xC3, 0x28 })]       // nid: invalid UTF-8
    [InlineData(new byte[] { 0x18, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01 })] // categories: a varint too long
    public async Task A_lookup_that_does_not_parse_is_invalid_argument(byte[] payload)
    {
        var raw = new Method<byte[], byte[]>(MethodType.Unary, RecordsService.Descriptor.FullName, "Lookup",
            Marshallers.Create(b => b, b => b), Marshallers.Create(b => b, b => b));

        var error = await Assert.ThrowsAsync<RpcException>(() => _server.Channel.CreateCallInvoker()
            .AsyncUnaryCall(raw, null, new CallOptions(Broker()), payload).ResponseAsync.DefaultTimeout());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        Assert.Contains("LookupRequest", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_overlong_subject_is_invalid_argument_naming_it_and_an_oversized_message_is_refused_short()
    {
        var overlong = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Client.LookupAsync(new LookupRequest { Nid = new string('1', 300) }, Broker()).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.InvalidArgument, overlong.StatusCode);
        Assert.StartsWith("nid may hold at most 256 characters", overlong.Status.Detail, StringComparison.Ordinal);

        var oversized = await Assert.ThrowsAsync<RpcException>(() =>
            _server.Client.LookupAsync(new LookupRequest { Msisdn = new string('8', 1024 * 1024) }, Broker()).ResponseAsync.DefaultTimeout());
        Assert.Equal(StatusCode.ResourceExhausted, oversized.StatusCode);
        Assert.InRange(oversized.Status.Detail.Length, 1, StatusText.MaxLength);
    }

    private static Metadata Broker() => RecordsServer.Bearer(RecordsServer.BrokerToken());
}
