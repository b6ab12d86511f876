using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Requests;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// A submission's subject is keyed once: the insider counters (through the oversight gate) and the audit entry
/// take the same pseudonym, rather than each computing its own HMAC.
/// </summary>
public sealed class SubjectPseudonymTests
{
    [Fact]
    public async Task A_submission_computes_the_subject_pseudonym_once()
    {
        var counting = new CountingPseudonymizer();
        await using var suite = await SuiteHost.StartAsync(configure: builder => builder.Services.AddSingleton<ISubjectPseudonymizer>(sp =>
            counting.Wrapping(sp.GetRequiredService<HmacSubjectPseudonymizer>())));
        var officer = suite.As("atu-officer-1", Roles.Officer, unit: "ATU");

        await suite.Requests.SubmitAsync(Requests.Submit(suite.Population.NidOf(1)), officer).ResponseAsync.DefaultTimeout();

        Assert.Equal(1, counting.Calls);
        Assert.Equal(suite.BrokerServices.GetRequiredService<HmacSubjectPseudonymizer>().Pseudonym(new Subject(SubjectKind.Nid,
            suite.Population.NidOf(1))), counting.Last);
    }

    private sealed class CountingPseudonymizer : ISubjectPseudonymizer
    {
        private ISubjectPseudonymizer? _inner;
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string? Last { get; private set; }

        public CountingPseudonymizer Wrapping(ISubjectPseudonymizer inner)
        {
            _inner = inner;
            return this;
        }

        public string Pseudonym(Subject subject)
        {
            Interlocked.Increment(ref _calls);
            return Last = _inner!.Pseudonym(subject);
        }
    }
}
