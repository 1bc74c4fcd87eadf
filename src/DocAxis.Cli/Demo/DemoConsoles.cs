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
/// <c>docaxis demo --console</c>: after the checks, the demo's axis keeps running with an operator
/// and an auditor at the hub's console and a clerk at each agency's, and their sign-ins are
/// printed, until Ctrl+C or SIGTERM.
/// </summary>
public static class DemoConsoles
{
    public static async Task HoldAsync(LoopbackAxis axis, DemoResult result, bool json, CancellationToken stopped)
    {
        var signIns = new List<SignIn>();
        var now = TimeProvider.System.GetUtcNow();
        var hub = new Storage.Hub.HubStore(new SqliteDatabase(Path.Combine(axis.HubDataDirectory, "hub.db")));
        foreach (var (user, name, role) in new[] { ("van-hanh", "Vận hành trục", ConsoleRoles.Operator), ("kiem-tra", "Kiểm tra nhật ký", ConsoleRoles.Auditor) })
        {
            var password = NewPassword();
            await hub.Accounts.AddAsync(AccountSignIn.NewAccount(user, name, role, null, password, now));
            signIns.Add(new SignIn(axis.HubConsoleEndpoint.ToString(), user, password, role.ToLowerInvariant(), ""));
        }

        foreach (var agency in axis.Agencies)
        {
            var password = NewPassword();
            var user = $"van-thu-{agency.Code.Value[^3..].ToLowerInvariant()}-{agency.Code.Value.Split('.')[2]}";
            var store = new NodeStore(new SqliteDatabase(Path.Combine(axis.NodeDataDirectory(agency.Node), "node.db")));
            await store.Accounts.AddAsync(AccountSignIn.NewClerk(user, $"Văn thư · {agency.Name}", agency.Code.Value, password, now));
            signIns.Add(new SignIn(axis.ConsoleEndpoint(agency.Code).ToString(), user, password, ConsoleRoles.Clerk.ToLowerInvariant(), agency.Code.Value));
        }

        if (json)
        {
            Json.Write(new
            {
                passed = result.Passed,
                envelope_id = result.EnvelopeId,
                data_directory = result.DataDirectory,
                sign_ins = signIns.Select(s => new { url = s.Url, user = s.User, password = s.Password, role = s.Role, agency = s.Agency.Length > 0 ? s.Agency : null }),
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

    private static string NewPassword() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(12)).Replace('+', '-').Replace('/', '_');

    private sealed record SignIn(string Url, string User, string Password, string Role, string Agency);
}
