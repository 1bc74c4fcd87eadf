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

/// <summary>
/// <c>docaxis console user add|disable|enable|reset|list</c>: the people who sign in to a web
/// console: clerks at a node (<c>--data</c>, the node's data directory), operators and auditors at
/// a hub (<c>--connection</c>, the hub's database, with <c>--provider</c>).
/// </summary>
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

    private static Option<string?> DataOption() => new("--data") { Description = "A node's data directory (where node.db is), for clerks" };

    private static Option<string?> ConnectionOption() => new("--connection") { Description = "A hub's database (a SQLite file, or a connection string), for operators and auditors" };

    private static Option<StorageProvider> ProviderOption() => new("--provider") { Description = "The hub database's provider: Sqlite, PostgreSql or SqlServer", DefaultValueFactory = _ => StorageProvider.Sqlite };

    /// <summary>Where the accounts are, from --data (a node) or --connection (a hub); exactly one.</summary>
    private sealed record Where(Option<string?> Data, Option<string?> Connection, Option<StorageProvider> Provider)
    {
        public static Where Create() => new(DataOption(), ConnectionOption(), ProviderOption());

        public Option[] All => [Data, Connection, Provider];

        public bool AtHub(ParseResult parse) => parse.GetValue(Connection) is not null;

        public async Task<Storage.Accounts.ConsoleAccounts> OpenAsync(ParseResult parse)
        {
            var (data, connection) = (parse.GetValue(Data), parse.GetValue(Connection));
            if ((data is null) == (connection is null))
            {
                throw new RefusalException(RefusalReason.FieldInvalid, "Give either --data (a node's data directory) or --connection (a hub's database).", "data");
            }

            if (connection is not null)
            {
                var provider = parse.GetValue(Provider);
                if (provider == StorageProvider.Sqlite && !File.Exists(connection))
                {
                    throw new FileNotFoundException($"There is no hub database at {connection}.");
                }

                var hub = new Storage.Hub.HubStore(Database.Create(provider, connection));
                await hub.MigrateAsync(TimeProvider.System.GetUtcNow());
                return hub.Accounts;
            }

            return (await ConsoleCommands.OpenAsync(data!)).Accounts;
        }
    }

    private static Option<string> UserOption() => new("--user") { Description = "The user name the person signs in with", Required = true };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin") { Description = "Read the password from the first line of standard input instead of making one" };

    private static Command Add(Option<bool> json)
    {
        var (where, userName, stdin) = (Where.Create(), UserOption(), PasswordStdinOption());
        var name = new Option<string>("--name") { Description = "The person's full name, as the exchange log and the pages show it", Required = true };
        var role = new Option<string>("--role") { Description = "clerk (of --agency) at a node; operator or auditor at a hub", DefaultValueFactory = _ => "clerk" };
        var agency = new Option<string?>("--agency") { Description = "The hosted agency a clerk works for, e.g. 000.00.00.G22" };
        var command = new Command("add", "Add an account; prints the password it made unless --password-stdin gives one") { userName, name, role, agency, stdin };
        Array.ForEach(where.All, command.Options.Add);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var userValue = CheckUserName(parse.GetValue(userName)!);
            var displayName = CheckText(parse.GetValue(name)!, 100, "name");
            var roleValue = CheckRole(parse.GetValue(role)!, where.AtHub(parse));
            var agencyCode = roleValue != ConsoleRoles.Clerk ? null
                : AgencyCode.Parse(parse.GetValue(agency) ?? throw new RefusalException(RefusalReason.FieldInvalid, "A clerk needs --agency, the hosted agency they work for.", "agency"), "agency").Value;
            var (password, made) = Password(parse.GetValue(stdin));
            var accounts = await where.OpenAsync(parse);
            if (!await accounts.AddAsync(AccountSignIn.NewAccount(userValue, displayName, roleValue, agencyCode, password, TimeProvider.System.GetUtcNow())))
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
        var (where, userName, stdin) = (Where.Create(), UserOption(), PasswordStdinOption());
        var command = new Command("reset", "Give an account a new password, clearing failed attempts and any lock") { userName, stdin };
        Array.ForEach(where.All, command.Options.Add);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var (password, made) = Password(parse.GetValue(stdin));
            var accounts = await where.OpenAsync(parse);
            var user = parse.GetValue(userName)!;
            Found(await accounts.ResetPasswordAsync(user, AccountSignIn.Hash(password), TimeProvider.System.GetUtcNow()), user);
            Say(parse.GetValue(json), user, "reset", made ? password : null);
            return 0;
        }));
        return command;
    }

    private static Command Disable(Option<bool> json, bool disabled)
    {
        var (where, userName) = (Where.Create(), UserOption());
        var command = new Command(disabled ? "disable" : "enable", disabled ? "Stop an account from signing in (its history stays)" : "Let a disabled account sign in again") { userName };
        Array.ForEach(where.All, command.Options.Add);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var accounts = await where.OpenAsync(parse);
            var user = parse.GetValue(userName)!;
            Found(await accounts.SetDisabledAsync(user, disabled, TimeProvider.System.GetUtcNow()), user);
            Say(parse.GetValue(json), user, disabled ? "disabled" : "enabled", null);
            return 0;
        }));
        return command;
    }

    private static Command List(Option<bool> json)
    {
        var where = Where.Create();
        var command = new Command("list", "List the accounts, without their password hashes");
        Array.ForEach(where.All, command.Options.Add);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var accounts = await (await where.OpenAsync(parse)).ListAsync();
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

    internal static async Task<NodeStore> OpenAsync(string data)
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

    private static string CheckRole(string value, bool atHub) => (value.ToLowerInvariant(), atHub) switch
    {
        ("clerk", false) => ConsoleRoles.Clerk,
        ("operator", true) => ConsoleRoles.Operator,
        ("auditor", true) => ConsoleRoles.Auditor,
        (_, false) => throw new RefusalException(RefusalReason.FieldInvalid, $"A node's console has clerks only; \"{value}\" is not a role there.", "role"),
        _ => throw new RefusalException(RefusalReason.FieldInvalid, $"A hub's console has operators and auditors; \"{value}\" is not a role there.", "role"),
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
