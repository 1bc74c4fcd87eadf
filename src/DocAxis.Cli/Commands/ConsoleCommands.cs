using System.CommandLine;
using System.Security.Cryptography;
using DocAxis.Cli.Output;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using DocAxis.WebConsole.Access;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis console user add|disable|enable|reset|list</c>: the people who sign in to a node's web console.</summary>
public static class ConsoleCommands
{
    private const int MinPasswordLength = 12;

    public static Command Create(Option<bool> json)
    {
        var user = new Command("user", "Local accounts of a node's web console, kept (hashed) in the node's database");
        user.Subcommands.Add(Add(json));
        user.Subcommands.Add(Reset(json));
        user.Subcommands.Add(Disable(json, disabled: true));
        user.Subcommands.Add(Disable(json, disabled: false));
        user.Subcommands.Add(List(json));
        var console = new Command("console", "The web console");
        console.Subcommands.Add(user);
        return console;
    }

    private static Option<string> DataOption() => new("--data") { Description = "The node's data directory (where node.db is)", Required = true };

    private static Option<string> UserOption() => new("--user") { Description = "The user name the person signs in with", Required = true };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = "Read the password from the first line of standard input instead of making one" };

    private static Command Add(Option<bool> json)
    {
        var (data, userName, stdin) = (DataOption(), UserOption(), PasswordStdinOption());
        var name = new Option<string>("--name") { Description = "The person's full name, as the exchange log and the pages show it", Required = true };
        var role = new Option<string>("--role") { Description = "clerk (of --agency)", DefaultValueFactory = _ => "clerk" };
        var agency = new Option<string?>("--agency") { Description = "The hosted agency a clerk works for, e.g. 000.00.00.G22" };
        var command = new Command("add", "Add an account; prints the password it made unless --password-stdin gives one") { data, userName, name, role, agency, stdin };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var userValue = CheckUserName(parse.GetValue(userName)!);
            var displayName = CheckText(parse.GetValue(name)!, 100, "name");
            CheckRole(parse.GetValue(role)!);
            var agencyCode = AgencyCode.Parse(parse.GetValue(agency) ?? throw new RefusalException(RefusalReason.FieldInvalid, "A clerk needs --agency, the hosted agency they work for.", "agency"), "agency").Value;
            var (password, made) = Password(parse.GetValue(stdin));
            var store = await OpenAsync(parse.GetValue(data)!);
            if (!await store.Accounts.AddAsync(AccountSignIn.NewClerk(userValue, displayName, agencyCode, password, TimeProvider.System.GetUtcNow())))
            {
                throw new RefusalException(RefusalReason.FieldInvalid, $"There is already an account \"{userValue}\"; use reset to give it a new password.", "user");
            }

            Say(parse.GetValue(json), userValue, "added", made ? password : null);
            return 0;
        }));
        return command;
    }

    private static Command Reset(Option<bool> json)
    {
        var (data, userName, stdin) = (DataOption(), UserOption(), PasswordStdinOption());
        var command = new Command("reset", "Give an account a new password, clearing failed attempts and any lock") { data, userName, stdin };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var (password, made) = Password(parse.GetValue(stdin));
            var store = await OpenAsync(parse.GetValue(data)!);
            var user = parse.GetValue(userName)!;
            Found(await store.Accounts.ResetPasswordAsync(user, AccountSignIn.Hash(password), TimeProvider.System.GetUtcNow()), user);
            Say(parse.GetValue(json), user, "reset", made ? password : null);
            return 0;
        }));
        return command;
    }

    private static Command Disable(Option<bool> json, bool disabled)
    {
        var (data, userName) = (DataOption(), UserOption());
        var command = new Command(disabled ? "disable" : "enable", disabled ? "Stop an account from signing in (its history stays)" : "Let a disabled account sign in again") { data, userName };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var store = await OpenAsync(parse.GetValue(data)!);
            var user = parse.GetValue(userName)!;
            Found(await store.Accounts.SetDisabledAsync(user, disabled, TimeProvider.System.GetUtcNow()), user);
            Say(parse.GetValue(json), user, disabled ? "disabled" : "enabled", null);
            return 0;
        }));
        return command;
    }

    private static Command List(Option<bool> json)
    {
        var data = DataOption();
        var command = new Command("list", "List the accounts, without their password hashes") { data };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var accounts = await (await OpenAsync(parse.GetValue(data)!)).Accounts.ListAsync();
            var now = Epoch.ToMs(TimeProvider.System.GetUtcNow());
            var rows = accounts.Select(a => new
            {
                user = a.UserName, name = a.DisplayName, role = a.Role, agency = a.AgencyCode, disabled = a.Disabled,
                locked = a.LockedUntil > now, failed_attempts = a.FailedAttempts,
            }).ToList();
            if (parse.GetValue(json))
            {
                Json.Write(new { accounts = rows });
                return 0;
            }

            var table = new Table().AddColumns("User", "Name", "Role", "Agency", "State");
            rows.ForEach(r => table.AddRow(r.user.EscapeMarkup(), r.name.EscapeMarkup(), r.role, r.agency ?? "", r.disabled ? "disabled" : r.locked ? "locked" : "active"));
            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    private static async Task<NodeStore> OpenAsync(string data)
    {
        var path = Path.Combine(Path.GetFullPath(data), "node.db");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no node database at {path}; give the node's data directory (Node:DataDirectory).");
        }

        var store = new NodeStore(new SqliteDatabase(path));
        await store.MigrateAsync(TimeProvider.System.GetUtcNow());
        return store;
    }

    private static (string Password, bool Made) Password(bool fromStdin)
    {
        if (!fromStdin)
        {
            // 18 random bytes: 24 characters of base64url, well past any guessing within the lockout.
            return (Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_'), true);
        }

        var line = System.Console.In.ReadLine() ?? "";
        return line.Length is >= MinPasswordLength and <= 256
            ? (line, false)
            : throw new RefusalException(RefusalReason.FieldInvalid, $"The password must be {MinPasswordLength} to 256 characters.", "password");
    }

    private static string CheckUserName(string value) =>
        value.Length is >= 2 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_')
            ? value
            : throw new RefusalException(RefusalReason.FieldInvalid, $"The user name \"{value}\" must be 2 to 64 letters, digits, '.', '-' or '_'.", "user");

    private static string CheckText(string value, int most, string field) =>
        value.Trim().Length is > 0 and var length && length <= most
            ? value.Trim()
            : throw new RefusalException(RefusalReason.FieldInvalid, $"--{field} must be 1 to {most} characters.", field);

    private static string CheckRole(string value) => value.ToLowerInvariant() switch
    {
        "clerk" => ConsoleRoles.Clerk,
        _ => throw new RefusalException(RefusalReason.FieldInvalid, $"A node's console has clerks only; \"{value}\" is not a role there.", "role"),
    };

    private static void Found(bool found, string user)
    {
        if (!found)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"There is no account \"{user}\".", "user");
        }
    }

    private static void Say(bool json, string user, string outcome, string? madePassword)
    {
        if (json)
        {
            Json.Write(new { user, outcome, password = madePassword });
            return;
        }

        AnsiConsole.MarkupLine($"Account [bold]{user.EscapeMarkup()}[/] {outcome}.");
        if (madePassword is not null)
        {
            AnsiConsole.MarkupLine($"Password (give it to the person, who should keep it secret): [bold]{madePassword.EscapeMarkup()}[/]");
        }
    }
}
