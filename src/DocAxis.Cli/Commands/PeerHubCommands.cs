using System.CommandLine;
using DocAxis.Cli.Output;
using DocAxis.Contracts.V1;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis hub peer add|list</c>: the other hubs this hub forwards letters to and takes them from.</summary>
public static class PeerHubCommands
{
    public static Command Create(Option<bool> json)
    {
        var peer = new Command("peer", "Manage the hub's peer hubs: provincial, branch or national hubs it exchanges letters with (operator certificate)");
        peer.Subcommands.Add(Add(json));
        peer.Subcommands.Add(List(json));
        return peer;
    }

    private static Command Add(Option<bool> json)
    {
        var connection = new HubConnection();
        var id = new Option<string>("--id") { Description = "The peer hub's identity, the serialNumber of its certificates (e.g. hub.h40.gov.vn)", Required = true };
        var name = new Option<string>("--name") { Description = "What people call it", Required = true };
        var endpoint = new Option<string>("--endpoint") { Description = "Where it listens, https://host:port", Required = true };
        var disabled = new Option<bool>("--disabled") { Description = "Add it disabled: nothing is forwarded to or taken from it" };
        var command = new Command("add", "Add a peer hub, or update it if the id exists") { id, name, endpoint, disabled };
        connection.AddTo(command);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            var stored = await new DirectoryService.DirectoryServiceClient(channel).PutPeerHubAsync(new PutPeerHubRequest
            {
                Peer = new PeerHub { HubId = parse.GetValue(id)!, Name = parse.GetValue(name)!, Endpoint = parse.GetValue(endpoint)!, Enabled = !parse.GetValue(disabled) },
            });
            Show([stored], parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static Command List(Option<bool> json)
    {
        var connection = new HubConnection();
        var command = new Command("list", "List the peer hubs");
        connection.AddTo(command);
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var channel = connection.Open(parse);
            Show((await new DirectoryService.DirectoryServiceClient(channel).ListPeerHubsAsync(new ListPeerHubsRequest())).Peers, parse.GetValue(json));
            return 0;
        }));
        return command;
    }

    private static void Show(IEnumerable<PeerHub> peers, bool json)
    {
        if (json)
        {
            Json.Write(new { peers = peers.Select(Json.Of).ToList() });
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("Id").AddColumn("Name").AddColumn("Endpoint").AddColumn("Enabled");
        foreach (var p in peers)
        {
            table.AddRow(p.HubId.EscapeMarkup(), p.Name.EscapeMarkup(), p.Endpoint.EscapeMarkup(), p.Enabled ? "[green]yes[/]" : "[red]no[/]");
        }

        AnsiConsole.Write(table);
    }
}
