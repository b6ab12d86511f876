using System.ComponentModel.DataAnnotations;

namespace DataBroker.Observability;

/// <summary>Configuration section "Telemetry". Exporting traces needs the standard OTEL_EXPORTER_OTLP_ENDPOINT.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>Share of root traces kept (parent-based, so a sampled caller's trace is always continued).</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>Where Prometheus scrapes; served only on the HTTP/1.1 endpoint, never on the HTTP/2 gRPC one.</summary>
    [Required]
    public string MetricsPath { get; set; } = "/metrics";
}
