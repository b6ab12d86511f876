using System.Net;
using Grpc.Net.Client;

namespace DataBroker.LoadDriver;

/// <summary>A few HTTP/2 connections to one address, handed out round-robin so load spreads over them.</summary>
internal sealed class LoadTarget : IDisposable
{
    private readonly GrpcChannel[] _channels;
    private long _next;

    public LoadTarget(string address, int connections)
    {
        _channels = [.. Enumerable.Range(0, Math.Max(connections, 1)).Select(_ => GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = new SocketsHttpHandler
            {
                EnableMultipleHttp2Connections = true,
                PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
                AutomaticDecompression = DecompressionMethods.None,
                UseProxy = false,
            },
            MaxReceiveMessageSize = 16 * 1024 * 1024,
        }))];
        Address = address;
    }

    public string Address { get; }

    public GrpcChannel Next() => _channels[Interlocked.Increment(ref _next) % _channels.Length];

    public void Dispose()
    {
        foreach (var channel in _channels)
            channel.Dispose();
    }
}
