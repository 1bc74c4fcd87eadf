using System.CommandLine;
using DocAxis.Cli.Output;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;
using DocAxis.Hosting.Audit;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis audit</c>: verify the tamper-evident exchange log, and query it.</summary>
public static partial class AuditCommands
{
    public static Command Create(Option<bool> json)
    {
        var audit = new Command("audit", "The exchange log: verify its chain and seals, query it");
        audit.Subcommands.Add(Verify(json));
        audit.Subcommands.Add(Query(json));
        return audit;
    }

    private static Command Verify(Option<bool> json)
    {
        var provider = new Option<StorageProvider>("--provider") { Description = "Sqlite, PostgreSql or SqlServer", DefaultValueFactory = _ => StorageProvider.Sqlite };
        var connection = new Option<string>("--connection") { Description = "The hub database: a SQLite file, or a connection string", Required = true };
        var ca = new Option<string>("--ca") { Description = "Trust anchors (file or folder) to check the seals' signatures", Required = true };
        var hub = new Option<string>("--hub-identity") { Description = "Identity of the hub that signs the seals", DefaultValueFactory = _ => Crypto.Pki.DevelopmentPki.HubIdentity };
        var command = new Command("verify", "Recompute the exchange log's hash chain and check its seals; name the first entry altered, removed or inserted")
        {
            provider, connection, ca, hub,
        };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            if (parse.GetValue(provider) == StorageProvider.Sqlite && !File.Exists(parse.GetValue(connection)))
            {
                throw new FileNotFoundException($"There is no hub database at {parse.GetValue(connection)}.");
            }

            var database = Database.Create(parse.GetValue(provider), parse.GetValue(connection)!);
            var verifier = new SignatureVerifier(new CertificateValidator(TrustStore.Load([parse.GetValue(ca)!], [])), TimeProvider.System, TimeSpan.FromMinutes(5));
            var identity = parse.GetValue(hub)!;
            var result = await AuditVerifier.VerifyAsync(new AuditLog(database), seal => AuditSeals.ProblemAsync(seal, verifier, identity));
            Report(result, database, parse.GetValue(json));
            return result.Intact ? 0 : CommandErrors.Failed;
        }));
        return command;
    }

    private static void Report(AuditVerification result, Database database, bool json)
    {
        if (json)
        {
            Json.Write(new
            {
                intact = result.Intact,
                entries_checked = result.EntriesChecked,
                seals_checked = result.SealsChecked,
                head = result.HeadSeq,
                problem = result.Problem is null ? null : new { kind = result.Problem.Kind, seq = result.Problem.Seq, description = result.Problem.Description },
            });
            return;
        }

        AnsiConsole.MarkupLine($"Checked {result.EntriesChecked} entries and {result.SealsChecked} seals of [blue]{database.Location.EscapeMarkup()}[/].");
        AnsiConsole.MarkupLine(result.Problem is { } problem
            ? $"[red]Not intact:[/] {problem.Description.EscapeMarkup()}"
            : $"[green]Intact[/] up to entry {result.HeadSeq}.");
    }
}
