using Grpc.Health.V1;

namespace DataBroker.LoadDriver.Scenarios;

/// <summary>grpc.health.v1.Health/Check: the bare unary call every other figure is divided by.</summary>
internal sealed class HealthScenario(LoadTarget target, string name) : LoadScenario
{
    public override string Name => name;

    public override async Task CallAsync(long n, CancellationToken cancellationToken)
    {
        var reply = await new Health.HealthClient(target.Next()).CheckAsync(new HealthCheckRequest(), cancellationToken: cancellationToken);
        Check(reply.Status == HealthCheckResponse.Types.ServingStatus.Serving, "health status is SERVING");
    }
}
