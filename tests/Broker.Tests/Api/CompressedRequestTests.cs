using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using DataBroker.Broker.Tests.Support;
using DataBroker.Broker.Tests.Observability;
using DataBroker.Identity;
using Google.Protobuf;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Logging;

namespace DataBroker.Broker.Tests.Api;

/// <summary>Compressed request frames: a body that does not decompress is refused as cleanly as one that does not parse.</summary>
public sealed class CompressedRequestTests : IAsyncLifetime, IDisposable
{
    private readonly CapturedLogs _logs = new();
    private SuiteHost _suite = null!;

    public async Task InitializeAsync() =>
        _suite = await SuiteHost.StartAsync(configure: builder => builder.Logging.AddProvider(_logs));

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public async Task A_compressed_body_that_does_not_decompress_is_invalid_argument_with_no_error_logged()
    {
        Assert.Equal("3", await StatusOfAsync([0x00, 0x01, 0x02, 0x03]));
        Assert.Equal("3", await StatusOfAsync([0x1F, 0x8B, 0x08, 0x00, 0xDE, 0xAD, 0xBE, 0xEF, 0x00, 0x01, 0x02]));
        Assert.Empty(_logs.ErrorLines);
    }

    [Fact]
    public async Task A_gzip_bomb_is_refused_once_it_inflates_past_the_message_limit()
    {
        // grpc-dotnet bounds the inflated size itself (measured: RESOURCE_EXHAUSTED with or without CheckedDecompression); kept so it stays so.
        // A GetRequest holding a 4 MiB request_id compresses to a few KiB.
        var message = new DataBroker.Broker.V1.GetRequest { RequestId = new string('A', 4 * 1024 * 1024) }.ToByteArray();
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            gzip.Write(message);
        Assert.InRange(compressed.Length, 1, 64 * 1024);

        Assert.Equal("8", await StatusOfAsync(compressed.ToArray()));
    }

    /// <summary>Posts one gzip-flagged frame holding <paramref name="body"/> to Get, as a hostile client would.</summary>
    private async Task<string> StatusOfAsync(byte[] body)
    {
        var frame = new byte[5 + body.Length];
        frame[0] = 1;
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
        body.CopyTo(frame, 5);
        using var client = new HttpClient(_suite.BrokerApp.GetTestServer().CreateHandler()) { BaseAddress = new Uri("http://broker") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/databroker.broker.v1.RequestService/Get")
        {
            Version = HttpVersion.Version20,
            Content = new ByteArrayContent(frame),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        request.Headers.Add("grpc-encoding", "gzip");
        request.Headers.TE.Add(new TransferCodingWithQualityHeaderValue("trailers"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer",
            _suite.Tokens.Mint(Audiences.Broker, TimeSpan.FromMinutes(5), "atu-officer-1", [Roles.Officer], "ATU", null));

        using var response = await client.SendAsync(request).DefaultTimeout();
        await response.Content.ReadAsByteArrayAsync().DefaultTimeout();
        return response.Headers.TryGetValues("grpc-status", out var inHeaders) ? inHeaders.Single()
            : response.TrailingHeaders.GetValues("grpc-status").Single();
    }
}
