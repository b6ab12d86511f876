using DataBroker.Broker.Domain.Organisation;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Oversight;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace DataBroker.Broker.Tests.Oversight;

/// <summary>A sequencer and an audit trail over given stores, outside any host, for the chain tests.</summary>
public sealed class ChainRig
{
    public static readonly DataBroker.Broker.Domain.Organisation.OrganisationChart Organisation = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["HQ-TEST"] = ["ATU", "RAB-6"],
    });

    public ChainRig(IAuditChainStore chain, IAuditSource source, TimeProvider? time = null, int checkpointEvery = 3)
    {
        Chain = chain;
        var options = Options.Create(new AuditOptions { CheckpointEvery = checkpointEvery, CheckpointInterval = TimeSpan.FromHours(1) });
        Sequencer = new AuditSequencer(chain, source, ChainSamples.Seal(), Organisation, options, time ?? TimeProvider.System,
            NullLogger<AuditSequencer>.Instance, []);
        Trail = new AuditTrail(chain, ChainSamples.Seal(), Sequencer);
    }

    public IAuditChainStore Chain { get; }

    public AuditSequencer Sequencer { get; }

    public AuditTrail Trail { get; }
}
