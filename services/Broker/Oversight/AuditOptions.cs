using System.ComponentModel.DataAnnotations;
using DataBroker.Broker.Domain.Audit;

namespace DataBroker.Broker.Oversight;

/// <summary>Configuration section "Broker:Audit": the chains' keys and pace. Validated at start.</summary>
public sealed class AuditOptions
{
    public const string Section = "Broker:Audit";

    /// <summary>Base64 of 32 bytes: seals checkpoints and the chain head. Never stored in Redis.</summary>
    public string? CheckpointKey { get; set; }

    /// <summary>Base64 of 32 bytes: keys the pseudonyms of subjects in the log and the releases registry.</summary>
    public string? SubjectKey { get; set; }

    /// <summary>
    /// A checkpoint over every chain's head this long after the last one (when some chain moved): the
    /// checkpoint list grows by one per interval, whatever the event rate.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the sequencer folds new events into the chain.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan SequencerInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How long an event stays in its unit's (or the oversight) stream after the chain holds it. Zero (the default)
    /// trims in the very script that chains it: a failover that loses the chain's last writes loses that trim with
    /// them, so the stream copy is no margin against it, only a second copy of every event.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan SourceRetention { get; set; } = TimeSpan.Zero;

    /// <summary>How long a chain's (or the checkpoints') lease outlives a holder that stopped renewing it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseTtl { get; set; } = TimeSpan.FromSeconds(5);

    public AuditPace ToPace() => new(LeaseTtl, CheckpointInterval, SourceRetention);
}
