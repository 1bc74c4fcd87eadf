using System.Security.Cryptography;
using DocAxis.Cli.Commands;
using DocAxis.Cli.Local;
using DocAxis.Cli.Output;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using DocAxis.WebConsole.Access;
using Spectre.Console;

namespace DocAxis.Cli.Demo;

/// <summary>
/// <c>docaxis demo --console</c>: after the checks, the demo's axis keeps running with a clerk
/// account at each agency's console, and its sign-ins are printed, until Ctrl+C or SIGTERM.
/// </summary>
public static class DemoConsoles
{
    public static async Task HoldAsync(LoopbackAxis axis, DemoResult result, bool json, CancellationToken stopped)
    {
        var signIns = new List<SignIn>();
        foreach (var agency in axis.Agencies)
        {
            var password = Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');
            var user = $"van-thu-{agency.Code.Value[^3..].ToLowerInvariant()}-{agency.Code.Value.Split('.')[2]}";
            var store = new NodeStore(new SqliteDatabase(Path.Combine(axis.NodeDataDirectory(agency.Node), "node.db")));
            await store.Accounts.AddAsync(AccountSignIn.NewClerk(user, $"Văn thư · {agency.Name}", agency.Code.Value, password, TimeProvider.System.GetUtcNow()));
            signIns.Add(new SignIn(axis.ConsoleEndpoint(agency.Code).ToString(), user, password, ConsoleRoles.Clerk.ToLowerInvariant(), agency.Code.Value));
        }

        if (json)
        {
            Json.Write(new
            {
                passed = result.Passed,
                envelope_id = result.EnvelopeId,
                data_directory = result.DataDirectory,
                sign_ins = signIns.Select(s => new { url = s.Url, user = s.User, password = s.Password, role = s.Role, agency = s.Agency }),
            });
        }
        else
        {
            DemoCommand.Report(result, json: false);
            var table = new Table().Border(TableBorder.Rounded).Title("[bold]The consoles are running: sign in[/]").AddColumns("Console", "User", "Password", "Role", "Agency");
            signIns.ForEach(s => table.AddRow(s.Url, s.User, s.Password, s.Role, s.Agency));
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("Press [bold]Ctrl+C[/] to stop every host.");
        }

        try
        {
            await Task.Delay(Timeout.Infinite, stopped);
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C or SIGTERM: the axis stops as the demo returns.
        }
    }

    private sealed record SignIn(string Url, string User, string Password, string Role, string Agency);
}
