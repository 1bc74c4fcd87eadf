using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Serilog;
using Serilog.Formatting.Compact;

namespace DocAxis.Hosting;

public static class Logging
{
    /// <summary>
    /// Structured logs with Serilog: console for people, a daily rolling JSON file for machines.
    /// Each host gets its own logger, so several hosts in one process (the demo, tests) keep their
    /// logs apart.
    /// </summary>
    public static string AddDocAxisLogging(this WebApplicationBuilder builder, string hostName, string dataDirectory)
    {
        var options = builder.Configuration.GetSection(LogOptions.Section).Get<LogOptions>() ?? new LogOptions();
        var directory = Path.GetFullPath(Path.Combine(dataDirectory, options.Directory));
        var file = Path.Combine(directory, $"{hostName}-.log");
        builder.Services.AddSerilog(
            (_, logger) =>
            {
                // Request-per-line framework logs drown the exchange's own events; configuration may turn them back on.
                logger.MinimumLevel.Information()
                    .MinimumLevel.Override("Microsoft.AspNetCore", Serilog.Events.LogEventLevel.Warning)
                    .MinimumLevel.Override("Grpc", Serilog.Events.LogEventLevel.Warning)
                    .MinimumLevel.Override("Quartz", Serilog.Events.LogEventLevel.Warning)
                    .ReadFrom.Configuration(builder.Configuration)
                    .Enrich.FromLogContext()
                    .Enrich.WithProperty("Host", hostName)
                    .WriteTo.File(new CompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 31);
                if (options.Console)
                {
                    logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Host}: {Message:lj}{NewLine}{Exception}");
                }
            },
            preserveStaticLogger: true);
        return directory;
    }
}
