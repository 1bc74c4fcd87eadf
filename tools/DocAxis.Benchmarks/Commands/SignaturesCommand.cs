using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DocAxis.Crypto.Pki;
using Spectre.Console;

namespace DocAxis.Benchmarks.Commands;

/// <summary><c>signatures</c>: signatures made and checked per second on one core.</summary>
public static class SignaturesCommand
{
    public static Command Create()
    {
        var keySpec = new Option<KeySpec>("--key") { Description = "Key of the signing certificate", DefaultValueFactory = _ => KeySpec.Rsa2048 };
        var seconds = new Option<double>("--seconds") { Description = "Seconds spent on each operation", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table" };
        var command = new Command("signatures", "Signatures made and checked per second on one core: DocAxis's path against BouncyCastle's own verification")
        {
            keySpec, seconds, json,
        };
        command.SetAction(parse =>
        {
            var key = parse.GetValue(keySpec);
            var each = TimeSpan.FromSeconds(parse.GetValue(seconds));
            if (parse.GetValue(json))
            {
                var measured = SignatureBenchmark.Run(key, each);
                Console.WriteLine(JsonSerializer.Serialize(
                    new { key = key.ToString(), rates = measured.Select(r => new { operation = r.Operation, count = r.Count, seconds = r.Seconds, per_second = Math.Round(r.PerSecond) }) }));
                return 0;
            }

            var rates = AnsiConsole.Status().Start($"Signing and verifying with {key} for {each.TotalSeconds * 3:F0} s", _ => SignatureBenchmark.Run(key, each));
            var table = new Table().Border(TableBorder.Rounded).Title($"Signature operations on one core ({key})")
                .AddColumn("Operation").AddColumn(new TableColumn("Per second").RightAligned()).AddColumn(new TableColumn("Each").RightAligned());
            foreach (var r in rates)
            {
                table.AddRow(r.Operation.EscapeMarkup(), r.PerSecond.ToString("N0", CultureInfo.InvariantCulture), FormattableString.Invariant($"{1_000_000 / r.PerSecond:F0} µs"));
            }

            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }
}
