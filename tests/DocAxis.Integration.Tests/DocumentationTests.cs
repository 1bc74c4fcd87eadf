using System.Text.RegularExpressions;
using DocAxis.Cli.Commands;
using DocAxis.Cli.Local;
using DocAxis.Hub;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Node;
using DocAxis.Testing;
using Grpc.Health.V1;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace DocAxis.Integration.Tests;

/// <summary>What the documentation and the command line's help tell a newcomer is true.</summary>
[TestClass]
public sealed partial class DocumentationTests
{
    [TestMethod]
    [DataRow("hub", "Hub__", "Node__", DisplayName = "hub run")]
    [DataRow("node", "Node__", "Hub__", DisplayName = "node run")]
    public async Task EachHostsHelpGivesAnEnvironmentVariableOfItsOwnSection(string host, string own, string other)
    {
        var help = await HelpAsync(host, "run");

        StringAssert.Contains(help, own);
        Assert.DoesNotContain(other, help);
    }

    [TestMethod]
    public async Task NodeTokensHelpSaysItTakesNoAgencyAndWhereTheHashGoes()
    {
        var help = await HelpAsync("node", "token");

        StringAssert.Contains(help, "one hosted agency's DMS");
        StringAssert.Contains(help, "DmsTokenSha256");
        Assert.DoesNotContain("--agency", help);
    }

    [TestMethod]
    public async Task TheOperationsGuidesHubAndNodeConfigurationsStartOnWhatPkiInitMakes()
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"docs-config-{Guid.NewGuid().ToString("N")[..8]}");
        var (exit, _) = await CommandLine.RunAsync("pki", "init", "--out", Path.Combine(root, "pki"), "--agency", "000.00.00.G22=Văn phòng Chính phủ");
        Assert.AreEqual(0, exit);
        var ports = (Hub: FreePorts.Next(), Node: FreePorts.Next(), Dms: FreePorts.Next());
        var guide = File.ReadAllText(Repository.PathOf("docs", "operations.md"));
        string Checked(string name) => Localized(CheckedExample(guide, name), root, ports);

        WebApplication? hub = null;
        WebApplication? node = null;
        try
        {
            hub = HubApplication.Build([], configuration => configuration.AddJsonStream(Stream(Checked("hub-config"))));
            await hub.StartAsync();
            node = NodeApplication.Build([], configuration => configuration.AddJsonStream(Stream(Checked("node-config"))));
            await node.StartAsync();

            var anchors = PeerAuthenticatorFor(root);
            var health = new Health.HealthClient(Transport.Peers.PeerChannels.Create(
                new Uri($"https://localhost:{ports.Hub}"),
                Transport.Tls.TlsCertificates.Load(new Transport.Tls.CertificateOptions { CertificatePath = Path.Combine(root, "pki", "operator", "tls.crt"), KeyPath = Path.Combine(root, "pki", "operator", "tls.key") }),
                anchors));
            Assert.AreEqual(HealthCheckResponse.Types.ServingStatus.Serving, (await health.CheckAsync(new HealthCheckRequest())).Status, "the hub of the guide serves");
        }
        finally
        {
            foreach (var app in new[] { node, hub })
            {
                if (app is not null)
                {
                    await app.StopAsync();
                    await app.DisposeAsync();
                }
            }

            Directory.Delete(root, recursive: true);
        }
    }

    private static Transport.Peers.PeerAuthenticator PeerAuthenticatorFor(string root) =>
        Transport.Peers.PeerAuthenticator.Anchored([Path.Combine(root, "pki", "ca", "root.crt")]);

    /// <summary>The JSON block a `&lt;!-- checked: NAME --&gt;` comment marks in a guide.</summary>
    private static string CheckedExample(string guide, string name)
    {
        var match = Regex.Match(guide, $"<!-- checked: {name} -->\\s*```json\\n(?<json>.*?)\\n```", RegexOptions.Singleline);
        Assert.IsTrue(match.Success, $"docs/operations.md has no checked example '{name}'");
        return match.Groups["json"].Value;
    }

    /// <summary>The example with its folders and ports moved somewhere this test owns, and nothing else changed.</summary>
    private static string Localized(string json, string root, (int Hub, int Node, int Dms) ports) => json
        .Replace("/etc/docaxis/pki", Path.Combine(root, "pki"), StringComparison.Ordinal)
        .Replace("/var/lib/docaxis", Path.Combine(root, "var"), StringComparison.Ordinal)
        .Replace(":7443", $":{ports.Hub}", StringComparison.Ordinal)
        .Replace(":7501", $":{ports.Node}", StringComparison.Ordinal)
        .Replace(":7601", $":{ports.Dms}", StringComparison.Ordinal);

    private static MemoryStream Stream(string text) => new(System.Text.Encoding.UTF8.GetBytes(text));

    private static async Task<string> HelpAsync(params string[] command)
    {
        var original = Console.Out;
        using var captured = new StringWriter();
        Console.SetOut(captured);
        try
        {
            await DocAxisCommand.Create().Parse([.. command, "--help"]).InvokeAsync();
        }
        finally
        {
            Console.SetOut(original);
        }

        return captured.ToString();
    }
}
