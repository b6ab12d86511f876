using DataBroker.Broker.Domain;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;

namespace DataBroker.Broker.Tests.Support;

/// <summary>A records service that finds every subject and counts how often it was asked; or, with <see cref="Fail"/>, is down.</summary>
internal sealed class CountingRecords : IRecordsReader<string>
{
    private int _calls;

    public int Calls => _calls;

    public bool Fail { get; init; }

    /// <summary>How many third-party numbers the read says its records expose (call records' callees).</summary>
    public int ThirdPartyNumbers { get; init; }

    public Task<RecordsRead<string>> ReadAsync(DataRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Fail)
            throw new DomainException(DomainErrorKind.Unavailable, "records down");
        return Task.FromResult(new RecordsRead<string>(true, "records of " + request.Subject, ThirdPartyNumbers));
    }
}
