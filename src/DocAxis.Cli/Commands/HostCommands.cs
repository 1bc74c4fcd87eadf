using System.CommandLine;
using DocAxis.Hub;
using DocAxis.Node;
using DocAxis.Node.Dms;
using DocAxis.WebConsole;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis hub run</c> and <c>docaxis node run</c>: run a host until stopped (Ctrl+C or SIGTERM).</summary>
public static class HostCommands
{
    public static Command Hub() => Host("hub", "Run the central hub", "Hub__Listen=0.0.0.0:7443", (args, configure) => HubApplication.Build(args, configure, door: new HubConsole()));

    public static Command Node(Option<bool> json)
    {
        var node = Host("node", "Run an agency node", "Node__DmsListen=127.0.0.1:7601", (args, configure) => NodeApplication.Build(args, configure, door: new NodeConsole()));
        var token = new Command(
            "token",
            "Make a new DMS token and its SHA-256: give the token to one hosted agency's DMS, and put the hash in that agency's entry of Node:Agencies (DmsTokenSha256)");
        token.SetAction(parse =>
        {
            var (value, hash) = DmsTokens.Create();
            if (parse.GetValue(json))
            {
                Output.Json.Write(new { token = value, sha256 = hash });
            }
            else
            {
                Spectre.Console.AnsiConsole.MarkupLine($"Token (give it to the agency's DMS, keep it secret): [bold]{value}[/]");
                Spectre.Console.AnsiConsole.MarkupLine($"DmsTokenSha256 (put it in the node's configuration): {hash}");
            }

            return 0;
        });
        node.Subcommands.Add(token);
        node.Subcommands.Add(NodeAgencyCommands.Create(json));
        return node;
    }

    private static Command Host(
        string name, string description, string environmentExample,
        Func<string[], Action<IConfigurationBuilder>?, WebApplication> build)
    {
        var config = new Option<string?>("--config") { Description = "A JSON settings file, read after appsettings.json and before environment variables" };
        var run = new Command("run", $"{description}; configuration comes from appsettings.json, --config, and environment variables (e.g. {environmentExample})") { config };
        run.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(false, async () =>
        {
            var path = parse.GetValue(config);
            await using var app = build([], configuration =>
            {
                if (path is not null)
                {
                    configuration.AddJsonFile(Path.GetFullPath(path), optional: false, reloadOnChange: false);
                    // Environment variables still win over the file, as they do over appsettings.json.
                    configuration.AddEnvironmentVariables();
                }
            });
            await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
            return 0;
        }));
        var command = new Command(name, description);
        command.Subcommands.Add(run);
        return command;
    }
}
