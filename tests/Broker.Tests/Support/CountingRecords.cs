using System.Globalization;
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

    /// <summary>
    /// How many third-party numbers the read says its records expose (call records' callees): distinct per
    /// subject, as two citizens' call records mostly are.
    /// </summary>
    public int ThirdPartyNumbers { get; init; }

    public Task<RecordsRead<string>> ReadAsync(DataRequest request, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Fail)
            throw new DomainException(DomainErrorKind.Unavailable, "records down");
        var subject = request.Subject.Value[^Math.Min(4, request.Subject.Value.Length)..].PadLeft(4, '0');
        string[] callees = [.. Enumerable.Range(0, ThirdPartyNumbers).Select(i => "8801" + subject + i.ToString("D5", CultureInfo.InvariantCulture))];
        return Task.FromResult(new RecordsRead<string>(true, "records of " + request.Subject, callees));
    }
}
