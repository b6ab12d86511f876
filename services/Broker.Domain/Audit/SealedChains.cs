using System.Collections.Concurrent;
using DataBroker.Broker.Domain.Organisation;

namespace DataBroker.Broker.Domain.Audit;

/// <summary>
/// The chains this broker folds (one per unit of the organisation, and the oversight chain) and what it has itself
/// sealed and signed on them: verification holds the store to this memory, so a chain or checkpoint list cut back
/// with an older genuine head put in its place is still reported by the broker that wrote the newer one.
/// </summary>
public sealed class SealedChains(OrganisationChart organisation)
{
    private readonly ConcurrentDictionary<string, long> _highestSealed = new(StringComparer.Ordinal);
    private long _highestCheckpoint;

    public IReadOnlyList<string> Chains { get; } =
        [.. organisation.Headquarters.SelectMany(organisation.UnitsUnder).Select(AuditSources.OfUnit).Distinct(StringComparer.Ordinal), AuditSources.Oversight];

    /// <summary>The highest head this broker sealed on <paramref name="chain"/>.</summary>
    public long HighestSealedSeq(string chain) => _highestSealed.GetValueOrDefault(chain);

    /// <summary>The highest checkpoint this broker signed.</summary>
    public long HighestCheckpoint => Interlocked.Read(ref _highestCheckpoint);

    public void Sealed(string chain, long seq) => _highestSealed.AddOrUpdate(chain, seq, (_, seen) => Math.Max(seen, seq));

    public void Witnessed(long checkpoint)
    {
        var seen = Interlocked.Read(ref _highestCheckpoint);
        while (checkpoint > seen)
        {
            var found = Interlocked.CompareExchange(ref _highestCheckpoint, checkpoint, seen);
            if (found == seen)
                return;
            seen = found;
        }
    }
}
