using DocAxis.WebConsole.Access;
using DocAxis.WebConsole.Clerk;
using DocAxis.Hosting;
using DocAxis.Node;
using DocAxis.Storage.Node;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DocAxis.WebConsole;

/// <summary>The clerks' console at a node, on its own listener ("Node:Console"); empty Listen serves none.</summary>
public sealed class NodeConsole : IHostDoor
{
    public const string Section = "Node:Console";
    private int? _port;

    public void AddTo(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(Section).Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (string.IsNullOrEmpty(options.Listen))
        {
            return;
        }

        _port = ConsoleEndpoint.Add(builder, options, Section).Port;
        builder.Services.AddSingleton(services =>
        {
            var agencies = services.GetRequiredService<HostedAgencies>();
            return new ConsoleAudience((role, agency) => role == ConsoleRoles.Clerk && Core.Agencies.AgencyCode.TryParse(agency, out var code) && agencies.Hosts(code));
        });
        builder.Services.AddSingleton(services => new AccountSignIn(
            services.GetRequiredService<NodeStore>().Accounts, options, services.GetRequiredService<ConsoleAudience>(), services.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton<ClerkDesk>();
        builder.Services.AddSingleton<ProofOfDelivery>();
        builder.Services.AddSingleton<RecipientSearch>();
        builder.Services.AddSingleton(new ConsoleClock(options.TimeZone));
    }

    public void MapIn(WebApplication app)
    {
        if (_port is { } port)
        {
            ConsoleEndpoint.Map(app, port);
            app.MapPost("/compose/send", ComposeUpload.SendAsync).RequireAuthorization(ConsoleRoles.ClerkPolicy).WithMetadata(ConsoleEndpoint.Marker);
            app.MapGet("/live", LiveEvents.StreamAsync).RequireAuthorization(ConsoleRoles.ClerkPolicy).WithMetadata(ConsoleEndpoint.Marker);
            app.MapGet(RecipientSearch.Path, RecipientSearch.SearchAsync).RequireAuthorization(ConsoleRoles.ClerkPolicy).WithMetadata(ConsoleEndpoint.Marker);
        }
    }
}
