using DocAxis.Cli.Local;
using DocAxis.Hub;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Node;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DocAxis.Integration.Tests;

/// <summary>A host with a bad setting refuses to start and names the setting.</summary>
[TestClass]
public sealed class ConfigurationTests
{
    [TestMethod]
    public async Task AHubWithAMissingCertificateRefusesToStartNamingTheSetting()
    {
        await using var axis = TestAxis.Create("config-hub");
        var settings = axis.Axis.HubSettings();
        settings["Hub:Tls:CertificatePath"] = "/nonexistent/tls.crt";
        settings["Hub:Delivery:JitterFraction"] = "1.5";
        settings["Hub:Listen"] = "localhost";

        var error = Assert.ThrowsExactly<OptionsValidationException>(
            () => HubApplication.Build([], configuration => configuration.AddInMemoryCollection(settings)));

        CollectionAssert.Contains(error.Failures.ToList(), "Hub:Tls:CertificatePath: '/nonexistent/tls.crt' does not exist");
        CollectionAssert.Contains(error.Failures.ToList(), "Hub:Delivery:JitterFraction: must be between 0 and 1 (was 1.5)");
        CollectionAssert.Contains(error.Failures.ToList(), "Hub:Listen: 'localhost' is not an address:port such as 127.0.0.1:7443");
        Assert.HasCount(3, error.Failures);
    }

    [TestMethod]
    public async Task EveryStartPutsTheConfigurationInTheExchangeLogNamingWhatChanged()
    {
        await using var axis = TestAxis.Create("config-audit");
        await axis.Axis.StartHubAsync();
        await axis.Axis.StopHubAsync();
        await axis.Axis.StartHubAsync();
        await axis.Axis.StopHubAsync();
        axis.Axis.HubOverrides["Hub:Delivery:GiveUpAfter"] = "2.00:00:00";
        axis.Axis.HubOverrides["Hub:Auditors:1"] = "someone-new";
        await axis.Axis.StartHubAsync();
        await axis.Axis.StopHubAsync();

        var entries = axis.HubDatabase.AuditEntries(actor: Crypto.Pki.DevelopmentPki.HubIdentity).Where(e => e.StartsWith("Configure", StringComparison.Ordinal)).ToList();
        CollectionAssert.AreEqual(new[] { "Configure started", "Configure unchanged", "Configure changed" }, entries);
        var detail = axis.HubDatabase.Text("SELECT detail FROM audit_events WHERE action = 'Configure' ORDER BY id DESC LIMIT 1");
        StringAssert.EndsWith(detail, "changed since the last start: Auditors, Delivery");
        Assert.DoesNotContain(axis.Axis.HubDataDirectory, detail, "paths and connection strings are fingerprinted, not disclosed");
    }

    [TestMethod]
    public async Task ANodeWithoutAgenciesRefusesToStartNamingTheSetting()
    {
        await using var axis = TestAxis.Create("config-node");
        var settings = axis.Axis.NodeSettings(TestAxis.Sender.Code)
            .Where(s => !s.Key.StartsWith("Node:Agencies", StringComparison.Ordinal))
            .ToDictionary();
        settings["Node:Hub:Endpoint"] = "http://127.0.0.1:1";
        settings["Node:Outbox:MaxParallel"] = "0";

        var error = Assert.ThrowsExactly<OptionsValidationException>(
            () => NodeApplication.Build([], configuration => configuration.AddInMemoryCollection(settings)));

        CollectionAssert.Contains(error.Failures.ToList(), "Node:Agencies: must list at least one hosted agency, or give Node:Platform:AgenciesFile");
        CollectionAssert.Contains(error.Failures.ToList(), "Node:Hub:Endpoint: 'http://127.0.0.1:1' is not an https:// address");
        CollectionAssert.Contains(error.Failures.ToList(), "Node:Outbox:MaxParallel: must be from 1 to 64 (was 0)");

        settings["Node:Platform:AgenciesFile"] = Path.Combine(axis.Axis.Root, "agencies.json");
        settings["Node:Platform:AgenciesFileCheckInterval"] = "00:00:00";
        error = Assert.ThrowsExactly<OptionsValidationException>(
            () => NodeApplication.Build([], configuration => configuration.AddInMemoryCollection(settings)));
        Assert.IsFalse(error.Failures.Any(f => f.StartsWith("Node:Agencies: ", StringComparison.Ordinal)), "an agency list may stand for the agencies");
        CollectionAssert.Contains(error.Failures.ToList(),
            "Node:Platform:AgenciesFile: its agencies act with the platform's identity: give Node:Platform:Tls and Node:Platform:SigningKeys too");
        CollectionAssert.Contains(error.Failures.ToList(), "Node:Platform:AgenciesFileCheckInterval: must be more than zero (was 00:00:00)");
    }

    [TestMethod]
    public async Task EnvironmentVariablesOverrideTheSettingsFile()
    {
        await using var axis = TestAxis.Create("config-env");
        var file = Path.Combine(axis.Axis.Root, "hub.json");
        var settings = axis.Axis.HubSettings();
        await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(DocAxis.Cli.Local.JsonSettings.Nest(settings)));
        Environment.SetEnvironmentVariable("Hub__Delivery__MaxParallel", "0");
        try
        {
            var error = Assert.ThrowsExactly<OptionsValidationException>(() => HubApplication.Build([], configuration =>
            {
                configuration.AddJsonFile(file);
                configuration.AddEnvironmentVariables();
            }));
            CollectionAssert.Contains(error.Failures.ToList(), "Hub:Delivery:MaxParallel: must be at least 1 (was 0)");
        }
        finally
        {
            Environment.SetEnvironmentVariable("Hub__Delivery__MaxParallel", null);
        }
    }
}
