using DocAxis.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace DocAxis.Hosting.Operations;

/// <summary>What makes a DocAxis host operable like any gRPC service: health, reflection, metrics.</summary>
public static class OperationsServices
{
    /// <summary>
    /// The standard gRPC health service (serving only while <paramref name="database"/> answers,
    /// checked on every call), server reflection (so grpcurl-style tools list the API), and
    /// OpenTelemetry metrics from the given meters, exported over OTLP when configured.
    /// </summary>
    public static IServiceCollection AddDocAxisOperations(
        this IServiceCollection services, IConfiguration configuration, Database database, params string[] meters)
    {
        services.AddGrpcHealthChecks(health => health.UseHealthChecksCache = false)
            .AddCheck("database", new DatabaseHealthCheck(database));
        services.AddGrpcReflection();

        var telemetry = configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();
        var fromEnvironment = !string.IsNullOrEmpty(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(meters);
            if (telemetry.OtlpEndpoint.Length > 0)
            {
                metrics.AddOtlpExporter(otlp => otlp.Endpoint = new Uri(telemetry.OtlpEndpoint));
            }
            else if (fromEnvironment)
            {
                metrics.AddOtlpExporter();
            }
        });
        return services;
    }

    public static WebApplication MapDocAxisOperations(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapGrpcReflectionService();
        return app;
    }
}
