namespace DataBroker.Broker.Hosting;

/// <summary>
/// The broker's <c>grpc.health.v1</c> service names. The empty name is readiness (can this replica serve now?) and
/// counts every check; <see cref="Liveness"/> counts only those without <see cref="ReadinessTag"/>, so an outage of a
/// dependency takes a replica out of the balancer without having it restarted (deploy/k8s/broker.yaml probes both).
/// </summary>
public static class HealthServices
{
    public const string Liveness = "liveness";

    /// <summary>The tag of a check that says whether a dependency is reachable: readiness only.</summary>
    public const string ReadinessTag = "ready";
}
