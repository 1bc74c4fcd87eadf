namespace DocAxis.Hosting.Operations;

/// <summary>Where metrics go (section "Telemetry").</summary>
public sealed class TelemetryOptions
{
    public const string Section = "Telemetry";

    /// <summary>
    /// An OTLP collector, e.g. http://otel-collector:4317; empty for none. The standard
    /// OTEL_EXPORTER_OTLP_* environment variables are honoured as well.
    /// </summary>
    public string OtlpEndpoint { get; set; } = string.Empty;
}
