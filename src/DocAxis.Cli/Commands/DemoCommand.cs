using System.CommandLine;
using System.Globalization;
using DocAxis.Cli.Demo;
using DocAxis.Cli.Output;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

public static class DemoCommand
{
    public static Command Create(Option<bool> json)
    {
        var annex = new Option<int>("--annex-mb") { Description = "Size of the scanned annex in MB", DefaultValueFactory = _ => 8 };
        var output = new Option<string?>("--out") { Description = "Folder for the demo's PKI, databases and logs (default: a new temporary folder)" };
        var console = new Option<bool>("--console") { Description = "After the checks, keep the axis running with its web consoles until Ctrl+C, and print their sign-ins" };
        var federation = new Option<bool>("--federation") { Description = "Run a national hub and two provincial hubs instead, and send a letter from a commune of one province to a department of another" };
        var command = new Command("demo", "Run a hub and three agency nodes on loopback and exchange a signed letter end to end") { annex, output, console, federation };
        command.SetAction((parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            return CommandErrors.RunAsync(asJson, () => parse.GetValue(federation)
                ? RunFederationAsync(asJson, parse.GetValue(output), cancellationToken)
                : RunAsync(asJson, parse.GetValue(annex), parse.GetValue(output), parse.GetValue(console), cancellationToken));
        });
        return command;
    }

    private static async Task<int> RunFederationAsync(bool json, string? output, CancellationToken cancellationToken)
    {
        var root = output ?? NewFolder("docaxis-federation");
        var demo = new FederationDemo(step => Progress(json, step), TimeProvider.System);
        DemoResult result;
        if (json)
        {
            result = await demo.RunAsync(root, cancellationToken);
        }
        else
        {
            AnsiConsole.MarkupLine("[bold]DocAxis federation demo[/]: a national hub, two provincial hubs, a letter from a commune of one province to a department of another.");
            result = await AnsiConsole.Status().StartAsync("Running the exchange...", _ => demo.RunAsync(root, cancellationToken));
        }

        Report(result, json);
        return result.Passed ? 0 : CommandErrors.Failed;
    }

    private static string NewFolder(string prefix) =>
        Path.Combine(Path.GetTempPath(), $"{prefix}-{TimeProvider.System.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");

    private static void Progress(bool json, string step)
    {
        if (!json)
        {
            AnsiConsole.MarkupLine($"[green]✓[/] {step.EscapeMarkup()}");
        }
    }

    private static async Task<int> RunAsync(bool json, int annexMegabytes, string? output, bool console, CancellationToken cancellationToken)
    {
        var root = output ?? NewFolder("docaxis-demo");
        var scenario = new DemoScenario(step => Progress(json, step), TimeProvider.System);
        Func<Local.LoopbackAxis, DemoResult, Task>? hold = console ? (axis, result) => DemoConsoles.HoldAsync(axis, result, json, cancellationToken) : null;
        DemoResult result;
        if (json || console)
        {
            if (!json)
            {
                AnsiConsole.MarkupLine("[bold]DocAxis demo[/]: one hub, three agency nodes, one signed letter, real TLS and real signatures.");
            }

            result = await scenario.RunAsync(root, annexMegabytes, cancellationToken, hold);
        }
        else
        {
            AnsiConsole.MarkupLine("[bold]DocAxis demo[/]: one hub, three agency nodes, one signed letter, real TLS and real signatures.");
            result = await AnsiConsole.Status().StartAsync("Running the exchange...", _ => scenario.RunAsync(root, annexMegabytes, cancellationToken));
        }

        if (!console)
        {
            Report(result, json);
        }

        return result.Passed ? 0 : CommandErrors.Failed;
    }

    internal static void Report(DemoResult result, bool json)
    {
        if (json)
        {
            Json.Write(new
            {
                passed = result.Passed,
                envelope_id = result.EnvelopeId,
                attachment_bytes = result.AttachmentBytes,
                duration_seconds = Math.Round(result.Duration.TotalSeconds, 1),
                data_directory = result.DataDirectory,
                log_directory = result.LogDirectory,
                checks = result.Checks,
                trace = result.Trace is null ? (object?)null : Json.Of(result.Trace),
                statistics = result.Statistics is null ? (object?)null : Json.Of(result.Statistics),
            });
            return;
        }

        AnsiConsole.WriteLine();
        if (result.Trace is not null)
        {
            TraceView.Render(result.Trace);
        }

        if (result.Statistics is not null)
        {
            StatisticsView.Render(result.Statistics);
        }

        var checks = new Table().Border(TableBorder.Rounded).Title("[bold]What the demo checked[/]").AddColumn("").AddColumn("Check").AddColumn("Evidence");
        foreach (var check in result.Checks)
        {
            checks.AddRow(check.Passed ? "[green]✓[/]" : "[red]✗[/]", check.Name.EscapeMarkup(), check.Detail.EscapeMarkup());
        }

        AnsiConsole.Write(checks);
        AnsiConsole.MarkupLine(result.Passed
            ? $"[green]All checks passed[/] in {result.Duration.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture)} s. Every host has stopped."
            : "[red]Some checks failed.[/] Every host has stopped.");
        AnsiConsole.MarkupLine($"Data (PKI, databases, attachments): [blue]{result.DataDirectory.EscapeMarkup()}[/]");
        AnsiConsole.MarkupLine($"Logs (JSON lines, one file per host): [blue]{result.LogDirectory.EscapeMarkup()}[/]");
    }
}
