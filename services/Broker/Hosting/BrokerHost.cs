using Microsoft.AspNetCore.Builder;

namespace DataBroker.Broker.Hosting;

/// <summary>The broker's composition: what Program.cs, the CLI's dev server and the tests all call.</summary>
public static class BrokerHost
{
    public static WebApplicationBuilder AddBrokerService(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapBrokerService(this WebApplication app) => app;
}
