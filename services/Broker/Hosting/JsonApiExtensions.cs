using Microsoft.OpenApi.Models;

namespace DataBroker.Broker.Hosting;

/// <summary>
/// The request and approval APIs as HTTP/JSON, for case-management systems that do not speak gRPC: the
/// <c>google.api.http</c> routes in the protos are served by gRPC JSON transcoding through the very same services,
/// interceptors and bearer-token authentication, and described by one OpenAPI document.
/// </summary>
internal static class JsonApiExtensions
{
    public const string DocumentPath = "/openapi/v1.json";

    /// <summary>
    /// gRPC without TLS is HTTP/2 only (no ALPN to negotiate it), and an HTTP/1.1 client cannot speak to such a port, so the
    /// JSON API gets a port of its own when <c>Broker:JsonApi:Url</c> is set. Named endpoints replace <c>--urls</c> /
    /// <c>ASPNETCORE_URLS</c> in Kestrel, so the gRPC addresses given there become named HTTP/2 endpoints as well (Kestrel
    /// still logs that it overrides them; they are bound all the same).
    /// </summary>
    public static WebApplicationBuilder AddBrokerJsonEndpoint(this WebApplicationBuilder builder)
    {
        var url = builder.Configuration["Broker:JsonApi:Url"];
        if (string.IsNullOrWhiteSpace(url))
            return builder;
        var endpoints = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Kestrel:Endpoints:Json:Url"] = url.Trim(),
            // Over TLS, ALPN may pick HTTP/2 as well; in clear text only HTTP/1.1 can be told apart.
            ["Kestrel:Endpoints:Json:Protocols"] = url.Trim().StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? "Http1AndHttp2" : "Http1",
        };
        var grpc = builder.Configuration[WebHostDefaults.ServerUrlsKey] ?? "";
        foreach (var (index, address) in grpc.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Index())
        {
            endpoints[$"Kestrel:Endpoints:Grpc{index}:Url"] = address;
            endpoints[$"Kestrel:Endpoints:Grpc{index}:Protocols"] = "Http2";
        }
        builder.Configuration.AddInMemoryCollection(endpoints);
        return builder;
    }

    public static IServiceCollection AddBrokerJsonApi(this IServiceCollection services)
    {
        services.AddGrpcSwagger();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "DataBroker HTTP/JSON API",
                Version = "v1",
                Description = "Officers' requests and HQ approvals. Every call needs 'Authorization: Bearer <token>', as over gRPC.",
            });
            o.AddSecurityDefinition("bearer", new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
            });
            o.AddSecurityRequirement(new OpenApiSecurityRequirement
            {
                [new OpenApiSecurityScheme { Reference = new OpenApiReference { Type = ReferenceType.SecurityScheme, Id = "bearer" } }] = [],
            });
        });
        return services;
    }

    /// <summary>The document describes routes and shapes only, no data, so tooling reads it without a token.</summary>
    public static WebApplication MapBrokerJsonApiDocument(this WebApplication app)
    {
        app.MapSwagger("openapi/{documentName}.json").AllowAnonymous();
        return app;
    }
}
