namespace DataBroker.Broker.Domain.Limits;

/// <summary>Which rules an admin put in shadow mode at runtime, as shared by every broker replica.</summary>
public interface IShadowModes
{
    /// <summary>The rule names in shadow mode now (the adapter may cache for about a second). Throws when unknown: fail closed.</summary>
    ValueTask<IReadOnlySet<string>> ShadowedAsync(CancellationToken cancellationToken);
}
