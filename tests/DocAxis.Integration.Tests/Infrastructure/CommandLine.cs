using System.Text.Json;
using DocAxis.Cli.Commands;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Runs <c>docaxis</c> in-process with --json and parses what it printed.</summary>
public static class CommandLine
{
    public static Task<(int ExitCode, JsonElement Output)> RunAsync(params string[] args) => RunWithInputAsync("", args);

    /// <summary>Runs with <paramref name="input"/> as standard input (e.g. a password for --password-stdin).</summary>
    public static async Task<(int ExitCode, JsonElement Output)> RunWithInputAsync(string input, params string[] args)
    {
        var (original, originalIn) = (Console.Out, Console.In);
        using var captured = new StringWriter();
        Console.SetOut(captured);
        Console.SetIn(new StringReader(input));
        int exit;
        try
        {
            exit = await DocAxisCommand.Create().Parse([.. args, "--json"]).InvokeAsync();
        }
        finally
        {
            Console.SetOut(original);
            Console.SetIn(originalIn);
        }

        var text = captured.ToString().Trim();
        Assert.IsFalse(string.IsNullOrEmpty(text), $"docaxis {string.Join(' ', args)} printed nothing");
        return (exit, JsonDocument.Parse(text).RootElement.Clone());
    }
}
