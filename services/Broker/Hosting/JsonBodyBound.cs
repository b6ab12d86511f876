using DataBroker.Broker.Api;

namespace DataBroker.Broker.Hosting;

/// <summary>
/// Bounds a JSON body as <see cref="BrokerMessageBounds"/> bounds a gRPC message. gRPC JSON transcoding reads and parses
/// the whole body whatever its size (Kestrel allows 30 MB by default), so without this a caller makes a replica buffer
/// and parse megabytes before validation refuses a field. A declared length past the bound is refused before a byte is
/// read (413, RESOURCE_EXHAUSTED, as a gRPC caller gets for an oversized message); a body without one (chunked) is cut
/// off where it passes the bound, which transcoding answers as a bad body (400, INVALID_ARGUMENT, with this message).
/// Either way nothing reaches a service.
/// </summary>
internal static class JsonBodyBound
{
    /// <summary>Twice the message bound: System.Text.Json escapes non-ASCII as \uXXXX by default, 6 bytes for a character that is 3 in protobuf.</summary>
    public const long MaxBytes = 2L * BrokerMessageBounds.MaxMessageBytes;

    private static readonly string Message = $"The request body is larger than {MaxBytes} bytes.";

    /// <summary>The shape transcoding gives every error (google.rpc.Status as JSON); 8 is RESOURCE_EXHAUSTED.</summary>
    private static readonly string Refusal = $$"""{"code":8,"message":"{{Message}}","details":[]}""";

    public static WebApplication UseJsonBodyBound(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true)
            {
                await next(context);
                return;
            }
            if (request.ContentLength > MaxBytes)
            {
                await RefuseAsync(context);
                return;
            }
            request.Body = new BoundedStream(request.Body, MaxBytes);
            await next(context);
        });
        return app;
    }

    private static Task RefuseAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(Refusal);
    }

    /// <summary>Reads through to the body and fails the read that would pass the bound.</summary>
    private sealed class BoundedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int read)
        {
            _read += read;
            if (_read <= limit)
                return read;
            throw new BadHttpRequestException(Message, StatusCodes.Status413PayloadTooLarge);
        }
    }
}
