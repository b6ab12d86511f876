using DataBroker.Broker.Domain.Audit;
using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Telemetry;
using Microsoft.Extensions.Logging.Abstractions;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>A sequencer and an audit trail over given stores, outside any host, for the chain tests.</summary>
public sealed class ChainRig
{
    public static readonly OrganisationChart Organisation = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["HQ-TEST"] = ["ATU", "RAB-6"],
    });

    /// <summary>A checkpoint at the first fold, then one an hour: a test that wants another moves <paramref name="time"/> on.</summary>
    /// <param name="verifyPage">How many checkpoints or entries the trail's verification reads at once.</param>
    public ChainRig(IAuditChainStore chain, IAuditSource source, TimeProvider? time = null, OrganisationChart? organisation = null,
        int verifyPage = 1000)
    {
        Chain = chain;
        var memory = new SealedChains(organisation ?? Organisation);
        Sequencer = new AuditSequencer(chain, source, ChainSamples.Seal(), memory,
            new AuditPace(TimeSpan.FromSeconds(5), TimeSpan.FromHours(1), TimeSpan.FromMinutes(10)), time ?? TimeProvider.System,
            new OversightLog(NullLogger<OversightLog>.Instance), []);
        Trail = new AuditTrail(chain, ChainSamples.Seal(), memory) { VerifyPage = verifyPage };
    }

    public IAuditChainStore Chain { get; }

    public AuditSequencer Sequencer { get; }

    public AuditTrail Trail { get; }
}
