using DocAxis.Hosting;
using DocAxis.Storage.Hub;
using DocAxis.WebConsole.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DocAxis.WebConsole;

/// <summary>The operators' and auditors' console at a hub, on its own listener ("Hub:Console"); empty Listen serves none.</summary>
public sealed class HubConsole : IHostDoor
{
    public const string Section = "Hub:Console";
    private int? _port;

    public void AddTo(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<ConsoleOptions>() ?? new ConsoleOptions { Listen = "127.0.0.1:7802" };
        if (string.IsNullOrEmpty(options.Listen))
        {
            return;
        }

        _port = ConsoleEndpoint.Add(builder, options, Section).Port;
        builder.Services.AddSingleton(new ConsoleAudience((role, _) => role is ConsoleRoles.Operator or ConsoleRoles.Auditor));
        builder.Services.AddSingleton(services => new AccountSignIn(
            services.GetRequiredService<HubStore>().Accounts, options, services.GetRequiredService<ConsoleAudience>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(new ConsoleClock(options.TimeZone));
    }

    public void MapIn(WebApplication app)
    {
        if (_port is { } port)
        {
            ConsoleEndpoint.Map(app, port);
        }
    }
}
