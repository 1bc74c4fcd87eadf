using System.Text.Json;
using DocAxis.Cli.Commands;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Runs <c>docaxis</c> in-process with --json and parses what it printed.</summary>
public static class CommandLine
{
    public static async Task<(int ExitCode, JsonElement Output)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        int exit;
        try
        {
            exit = await DocAxisCommand.Create().Parse([.. args, "--json"]).InvokeAsync();
        }
        finally
        {
            Console.SetOut(original);
        }

        var text = captured.ToString().Trim();
        Assert.IsFalse(string.IsNullOrEmpty(text), $"docaxis {string.Join(' ', args)} printed nothing");
        return (exit, JsonDocument.Parse(text).RootElement.Clone());
    }
}
