using System.CommandLine;

namespace DocAxis.Cli.Commands;

/// <summary>The <c>docaxis</c> command line.</summary>
public static class DocAxisCommand
{
    public static RootCommand Create()
    {
        var json = new Option<bool>("--json") { Description = "Print machine-readable JSON instead of tables", Recursive = true };
        var root = new RootCommand("DocAxis: signed official letters between state agencies, through a national hub.") { json };
        root.Subcommands.Add(DemoCommand.Create(json));
        root.Subcommands.Add(PkiCommands.Create(json));
        var hub = HostCommands.Hub();
        hub.Subcommands.Add(PeerHubCommands.Create(json));
        root.Subcommands.Add(hub);
        root.Subcommands.Add(HostCommands.Node(json));
        root.Subcommands.Add(AgencyCommands.Create(json));
        root.Subcommands.Add(AuditCommands.Create(json));
        root.Subcommands.Add(ConsoleCommands.Create(json));
        root.Subcommands.Add(StatisticsCommands.Create(json));
        root.Subcommands.Add(LetterCommands.Send(json));
        root.Subcommands.Add(LetterCommands.Inbox(json));
        root.Subcommands.Add(LetterCommands.Fetch(json));
        root.Subcommands.Add(LetterCommands.Status(json));
        root.Subcommands.Add(LetterCommands.Trace(json));
        root.Subcommands.Add(ResendCommands.Resend(json));
        root.Subcommands.Add(ResendCommands.Requeue(json));
        root.Subcommands.Add(EdXmlCommands.Create(json));
        return root;
    }
}
