using System.Net.Http.Headers;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Node;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DocAxis.Integration.Tests;

/// <summary>
/// A platform node's DMSs are elsewhere on the province's network: beyond loopback the DMS API and
/// the REST door serve HTTPS with Node:ApiTls, and a node told to listen there without it does not start.
/// </summary>
[TestClass]
public sealed class DmsTlsTests
{
    [TestMethod]
    public async Task ANodeWhoseDmsDoorsListenBeyondLoopbackWithoutACertificateRefusesToStart()
    {
        await using var axis = TestAxis.Create("dms-tls-refused");
        var settings = axis.Axis.NodeSettings(TestAxis.Sender.Code);
        settings["Node:DmsListen"] = "0.0.0.0:7601";
        settings["Node:RestListen"] = "10.20.30.40:7701";

        var error = Assert.ThrowsExactly<OptionsValidationException>(
            () => NodeApplication.Build([], configuration => configuration.AddInMemoryCollection(settings)));

        CollectionAssert.Contains(error.Failures.ToList(), "Node:ApiTls: Node:DmsListen 0.0.0.0:7601 is beyond loopback, where the DMS API must serve HTTPS; give a certificate");
        CollectionAssert.Contains(error.Failures.ToList(), "Node:ApiTls: Node:RestListen 10.20.30.40:7701 is beyond loopback, where the DMS API must serve HTTPS; give a certificate");
    }

    [TestMethod]
    public async Task BeyondLoopbackTheDmsApiAndTheRestDoorServeHttpsAndNothingInClear()
    {
        var (dmsPort, restPort) = (FreePorts.Next(), FreePorts.Next());
        await using var axis = TestAxis.Create("dms-tls", TestAxis.Sender, TestAxis.First);
        var certificate = axis.Axis.Pki.AgencyTls(TestAxis.Sender.Code);
        axis.Axis.NodeOverrides["Node:DmsListen"] = $"0.0.0.0:{dmsPort}";
        axis.Axis.NodeOverrides["Node:RestListen"] = $"0.0.0.0:{restPort}";
        axis.Axis.NodeOverrides["Node:ApiTls:CertificatePath"] = certificate.CertificatePath;
        axis.Axis.NodeOverrides["Node:ApiTls:KeyPath"] = certificate.KeyPath;
        await axis.StartAsync(TestAxis.Sender);
        var token = axis.Axis.DmsToken(TestAxis.Sender.Code);

        using var tls = GrpcChannel.ForAddress($"https://localhost:{dmsPort}", new GrpcChannelOptions { HttpHandler = NodeTrust.Handler(axis.Axis.Pki.TrustAnchorPath) });
        var inbox = await new DmsClient(DmsClient.WithToken(tls, token)).InboxAsync(TestAxis.Sender.Code.Value);
        Assert.IsEmpty(inbox, "the DMS API answers over HTTPS");

        var (exit, listed) = await CommandLine.RunAsync(
            "inbox", "--node", $"https://localhost:{dmsPort}", "--node-ca", axis.Axis.Pki.TrustAnchorPath, "--agency", TestAxis.Sender.Code.Value, "--token", token);
        Assert.AreEqual(0, exit, listed.ToString());

        using var clear = GrpcChannel.ForAddress($"http://127.0.0.1:{dmsPort}");
        await Assert.ThrowsExactlyAsync<RpcException>(() => new DmsClient(DmsClient.WithToken(clear, token)).InboxAsync(TestAxis.Sender.Code.Value));

        using var rest = new HttpClient(NodeTrust.Handler(axis.Axis.Pki.TrustAnchorPath)) { BaseAddress = new Uri($"https://localhost:{restPort}") };
        rest.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var agencies = await rest.GetAsync("/edxml/v1/donvilienthongs");
        Assert.AreEqual(System.Net.HttpStatusCode.OK, agencies.StatusCode, await agencies.Content.ReadAsStringAsync());
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{restPort}") };
        await Assert.ThrowsExactlyAsync<HttpRequestException>(() => plain.GetAsync("/edxml/v1/donvilienthongs"));
    }
}
