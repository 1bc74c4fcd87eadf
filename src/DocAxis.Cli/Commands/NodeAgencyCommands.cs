using System.CommandLine;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Node;
using DocAxis.Node.Dms;
using Microsoft.Extensions.Configuration;
using Spectre.Console;
using Json = DocAxis.Cli.Output.Json;

namespace DocAxis.Cli.Commands;

/// <summary>
/// <c>docaxis node agency add|remove|list</c>: the agencies a platform node hosts, kept in its
/// agency list (Node:Platform:AgenciesFile), which the running node takes up within seconds.
/// </summary>
public static class NodeAgencyCommands
{
    public static Command Create(Option<bool> json)
    {
        var agency = new Command("agency", "Manage the agencies a platform node hosts, without restarting it (its Node:Platform:AgenciesFile)");
        agency.Subcommands.Add(Add(json));
        agency.Subcommands.Add(Remove(json));
        agency.Subcommands.Add(List(json));
        return agency;
    }

    private static Command Add(Option<bool> json)
    {
        var config = Config();
        var code = new Option<string>("--code") { Description = "The agency's code, e.g. 000.01.77.H40", Required = true };
        var name = new Option<string>("--name") { Description = "The agency's name", Required = true };
        var command = new Command(
            "add",
            "Host an agency on the platform: its signing key must already be in the key store (Node:Platform:SigningKeys/<code>/signing.crt|key); prints its DMS's new token once")
        { config, code, name };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), () =>
        {
            var platform = Platform.Read(parse.GetValue(config)!);
            var agencyCode = AgencyCode.Parse(parse.GetValue(code), "--code");
            var agencyName = parse.GetValue(name)!.Trim();
            platform.RequireSigningKey(agencyCode);
            var (token, sha256) = DmsTokens.Create();
            var hosted = AgencyListFile.Edit(platform.AgenciesFile, agencies =>
            {
                if (agencies.Any(a => a.Code == agencyCode.Value))
                {
                    throw new InvalidDataException($"{agencyCode} is already hosted; remove it first to give its DMS a new token.");
                }

                agencies.Add(new ListedAgency(agencyCode.Value, agencyName, sha256));
                return agencies.Count;
            });
            if (parse.GetValue(json))
            {
                Json.Write(new { agency = new { code = agencyCode.Value, name = agencyName }, token, sha256, hosted, file = platform.AgenciesFile });
            }
            else
            {
                AnsiConsole.MarkupLine($"Hosting {agencyCode} {agencyName.EscapeMarkup()} ({hosted} agencies in {platform.AgenciesFile.EscapeMarkup()}); the running node takes it up within seconds.");
                AnsiConsole.MarkupLine($"Token (give it to the agency's DMS, keep it secret; it is not shown again): [bold]{token}[/]");
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Remove(Option<bool> json)
    {
        var config = Config();
        var code = new Option<string>("--code") { Description = "The agency's code", Required = true };
        var command = new Command(
            "remove",
            "Stop hosting an agency: its DMS's token stops working at once; letters it already queued are still sent")
        { config, code };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), () =>
        {
            var platform = Platform.Read(parse.GetValue(config)!);
            var agencyCode = AgencyCode.Parse(parse.GetValue(code), "--code");
            var hosted = AgencyListFile.Edit(platform.AgenciesFile, agencies =>
                agencies.RemoveAll(a => a.Code == agencyCode.Value) == 0
                    ? throw new InvalidDataException($"{agencyCode} is not in {platform.AgenciesFile}.")
                    : agencies.Count);
            if (parse.GetValue(json))
            {
                Json.Write(new { removed = agencyCode.Value, hosted, file = platform.AgenciesFile });
            }
            else
            {
                AnsiConsole.MarkupLine($"{agencyCode} removed ({hosted} agencies left in {platform.AgenciesFile.EscapeMarkup()}); the running node lets it go within seconds.");
            }

            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command List(Option<bool> json)
    {
        var config = Config();
        var command = new Command("list", "List the agencies in the platform's agency list") { config };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), () =>
        {
            var platform = Platform.Read(parse.GetValue(config)!);
            var agencies = AgencyListFile.Read(platform.AgenciesFile);
            if (parse.GetValue(json))
            {
                Json.Write(new { agencies = agencies.Select(a => new { code = a.Code, name = a.Name }), file = platform.AgenciesFile });
                return Task.FromResult(0);
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("Code").AddColumn("Name")
                .Caption($"{agencies.Count} agencies in {platform.AgenciesFile.EscapeMarkup()}");
            foreach (var a in agencies.OrderBy(a => a.Code, StringComparer.Ordinal))
            {
                table.AddRow(a.Code, a.Name.EscapeMarkup());
            }

            AnsiConsole.Write(table);
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Option<string> Config() =>
        new("--config") { Description = "The platform node's JSON settings file (the one given to `docaxis node run --config`)", Required = true };

    /// <summary>Where a platform node keeps its agency list and key store, read from its settings as the node reads them.</summary>
    private sealed record Platform(string AgenciesFile, string SigningKeys)
    {
        public static Platform Read(string settings)
        {
            var section = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(settings), optional: false, reloadOnChange: false)
                .AddEnvironmentVariables().Build().GetSection("Node:Platform");
            var file = section["AgenciesFile"];
            var keys = section["SigningKeys"];
            return string.IsNullOrEmpty(file) || string.IsNullOrEmpty(keys)
                ? throw new InvalidDataException($"{settings} gives no Node:Platform:AgenciesFile and Node:Platform:SigningKeys: it is not a platform node's.")
                : new Platform(Path.GetFullPath(file), Path.GetFullPath(keys));
        }

        /// <summary>Refuses to host an agency that could not sign: its certificate must be in the store and carry its code.</summary>
        public void RequireSigningKey(AgencyCode code)
        {
            var folder = Path.Combine(SigningKeys, code.Value);
            var files = new KeyFiles(Path.Combine(folder, "signing.crt"), Path.Combine(folder, "signing.key"));
            if (!File.Exists(files.CertificatePath) || !File.Exists(files.KeyPath))
            {
                throw new InvalidDataException($"The key store has no signing key for {code}: put signing.crt and signing.key in {folder} first.");
            }

            var identity = SigningCredential.Load(files).Identity;
            if (identity != code.Value)
            {
                throw new InvalidDataException($"The signing certificate in {folder} names \"{identity}\"; it must carry {code}.");
            }
        }
    }
}
