using System.Threading.Channels;

namespace DataBroker.Broker.Domain.Ports;

public interface IChangeSubscription : IAsyncDisposable
{
    ChannelReader<RequestChange> Changes { get; }
}
