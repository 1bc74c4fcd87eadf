using System.CommandLine;
using DocAxis.Benchmarks.Ceiling;
using Microsoft.Extensions.Configuration;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>ceiling run --config FILE</c>: the bare service <c>bench</c> starts as a process of its own; not for people.</summary>
public static class CeilingCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "A hub's JSON settings file (listener, TLS, trust), plus Ceiling:RelayTo for the relay", Required = true };
        var run = new Command("run", "Run the bare SubmissionService until stopped") { config };
        run.SetAction(async (parse, cancellationToken) =>
        {
            var path = Path.GetFullPath(parse.GetValue(config)!);
            await using var app = CeilingApplication.Build([], configuration => configuration.AddJsonFile(path, optional: false, reloadOnChange: false), null);
            await Microsoft.Extensions.Hosting.HostingAbstractionsHostExtensions.RunAsync(app, cancellationToken);
            return 0;
        });
        return new Command(CeilingApplication.Command, "The benchmark's bare gRPC ceiling (or relay) service") { Hidden = true, Subcommands = { run } };
    }
}
