using Microsoft.AspNetCore.Builder;

namespace DataBroker.Records.Hosting;

/// <summary>The records service's composition: what Program.cs, the CLI's dev server and the tests all call.</summary>
public static class RecordsHost
{
    public static WebApplicationBuilder AddRecordsService(this WebApplicationBuilder builder) => builder;

    public static WebApplication MapRecordsService(this WebApplication app) => app;
}
