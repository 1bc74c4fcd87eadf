using System.CommandLine;
using DocAxis.Cli.Output;
using DocAxis.Contracts.V1;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis agency add|list|disable</c>: the hub's agency directory.</summary>
public static class AgencyCommands
{
    public static Command Create(Option<bool> json)
    {
        var agency = new Command("agency", "Manage the hub's agency directory (changes need an operator certificate)");
        agency.Subcommands.Add(Add(json));
        agency.Subcommands.Add(List(json));
        agency.Subcommands.Add(Disable(json));
        return agency;
    }

    private static Command Add(Option<bool> json)
    {
        var connection = new HubConnection();
        var code = new Option<string>("--code") { Description = "Agency code, NNN.NN.NN.Xnn", Required = true };
        var name = new Option<string>("--name") { Description = "Official name", Required = true };
        var level = LevelOption("Level of government", required: true);
        var parent = new Option<string?>("--parent") { Description = "Code of the parent agency" };
        var endpoint = new Option<string?>("--endpoint") { Description = "Address of the agency's node, https://host:port" };
        var viaHub = new Option<string?>("--via-hub") { Description = "For an agency another hub hosts: the id of the peer hub it is reached through (instead of --endpoint)" };
        var platform = new Option<string?>("--platform") { Description = "For an agency on a platform node: the platform's TLS identity, which may then act for it" };
        var disabled = new Option<bool>("--disabled") { Description = "Add it disabled" };
        var legacy = new Option<string?>("--legacy-code") { Description = "The agency's older QCVN 102 code, NN.NN.Xnn (e.g. 28.22.H17), as edXML packages still carry it" };
        var command = new Command("add", "Add an agency, or update it if the code exists") { code, name, level, parent, endpoint, viaHub, platform, disabled, legacy };
        connection.AddTo(command);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            var stored = await new DirectoryService.DirectoryServiceClient(channel).PutAgencyAsync(new PutAgencyRequest
            {
                Agency = new Agency
                {
                    Code = parse.GetValue(code)!,
                    Name = parse.GetValue(name)!,
                    Level = Level(parse.GetValue(level)),
                    ParentCode = parse.GetValue(parent) ?? string.Empty,
                    NodeEndpoint = parse.GetValue(endpoint) ?? string.Empty,
                    ViaHub = parse.GetValue(viaHub) ?? string.Empty,
                    PlatformId = parse.GetValue(platform) ?? string.Empty,
                    Enabled = !parse.GetValue(disabled),
                    LegacyCode = parse.GetValue(legacy) ?? string.Empty,
                },
            });
            Show([stored], parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static Command List(Option<bool> json)
    {
        var connection = new HubConnection();
        var level = LevelOption("Only this level of government", required: false);
        var all = new Option<bool>("--all") { Description = "Include disabled agencies" };
        var command = new Command("list", "List the agencies in the directory") { level, all };
        connection.AddTo(command);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            var list = await new DirectoryService.DirectoryServiceClient(channel).ListAgenciesAsync(
                new ListAgenciesRequest { Level = Level(parse.GetValue(level)), IncludeDisabled = parse.GetValue(all) });
            Show(list.Agencies, parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static Command Disable(Option<bool> json)
    {
        var connection = new HubConnection();
        var code = new Option<string>("--code") { Description = "Agency code", Required = true };
        var command = new Command("disable", "Disable an agency: it can no longer send, and new letters to it are refused") { code };
        connection.AddTo(command);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            var stored = await new DirectoryService.DirectoryServiceClient(channel).DisableAgencyAsync(new AgencyCodeRequest { Code = parse.GetValue(code)! });
            Show([stored], parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static Option<string?> LevelOption(string description, bool required)
    {
        var option = new Option<string?>("--level") { Description = $"{description}: central, province, district or commune", Required = required };
        option.AcceptOnlyFromAmong("central", "province", "district", "commune");
        return option;
    }

    private static GovernmentLevel Level(string? text) => text switch
    {
        "central" => GovernmentLevel.Central,
        "province" => GovernmentLevel.Province,
        "district" => GovernmentLevel.District,
        "commune" => GovernmentLevel.Commune,
        _ => GovernmentLevel.Unspecified,
    };

    /// <summary>Where the agency is: its node here, the hub it is reached through, or nowhere yet.</summary>
    private static string Hosted(Agency agency) =>
        agency.ViaHub.Length > 0 ? $"via hub {agency.ViaHub}"
            : agency.NodeEndpoint.Length == 0 ? "(no node)"
            : agency.PlatformId.Length > 0 ? $"{agency.NodeEndpoint} (platform {agency.PlatformId})"
            : agency.NodeEndpoint;

    private static void Show(IEnumerable<Agency> agencies, bool json)
    {
        if (json)
        {
            Json.Write(new { agencies = agencies.Select(Json.Of).ToList() });
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Code").AddColumn("Older code").AddColumn("Name").AddColumn("Level").AddColumn("Parent").AddColumn("Hosted").AddColumn("Enabled");
        foreach (var a in agencies)
        {
            table.AddRow(a.Code, a.LegacyCode, a.Name.EscapeMarkup(), a.Level.ToString().ToLowerInvariant(), a.ParentCode, Hosted(a).EscapeMarkup(), a.Enabled ? "[green]yes[/]" : "[red]no[/]");
        }

        AnsiConsole.Write(table);
    }
}
