using System.IO.Compression;
using Grpc.Net.Compression;

namespace DataBroker.GrpcEdge;

/// <summary>
/// A compression provider whose decompression fails as the caller's error: grpc-dotnet decompresses before
/// the request guard sees a byte, and answers corrupt data as UNKNOWN with an Error-level stack trace.
/// </summary>
internal sealed class CheckedDecompression(ICompressionProvider inner) : ICompressionProvider
{
    public string EncodingName => inner.EncodingName;

    public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
        inner.CreateCompressionStream(stream, compressionLevel);

    public Stream CreateDecompressionStream(Stream stream) => new CheckedReadStream(inner.CreateDecompressionStream(stream), inner.EncodingName);
}
