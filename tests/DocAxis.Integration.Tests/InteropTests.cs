using System.Text.Json;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using Google.Protobuf;

namespace DocAxis.Integration.Tests;

/// <summary>
/// DocAxis checked against implementations nobody here wrote: a manifest signed by OpenSSL is
/// accepted and delivered, and a Python client made from the .proto files alone, on the C-core
/// gRPC stack, submits a letter over mutual TLS and reads its trace.
/// </summary>
[TestClass]
public sealed class InteropTests
{
    [TestMethod]
    public async Task AManifestSignedWithOpenSslCmsIsAcceptedAndDelivered()
    {
        await using var axis = TestAxis.Create("openssl-sign");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var contents = new[] { TestLetters.Content(40_000, 601) };
        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], contents);
        var folder = Directory.CreateDirectory(Path.Combine(axis.Axis.Root, "openssl")).FullName;
        var manifestPath = Path.Combine(folder, "manifest.bin");
        var signaturePath = Path.Combine(folder, "manifest.p7s");
        await File.WriteAllBytesAsync(manifestPath, manifest.ToByteArray());
        var signing = axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code);

        var (exit, output) = OpenSsl.Run(
            "cms", "-sign", "-binary", "-outform", "DER", "-in", manifestPath, "-signer", signing.CertificatePath, "-inkey", signing.KeyPath, "-out", signaturePath);
        Assert.AreEqual(0, exit, output);

        var signed = new SignedManifest { Manifest = ByteString.CopyFrom(await File.ReadAllBytesAsync(manifestPath)), Signature = ByteString.CopyFrom(await File.ReadAllBytesAsync(signaturePath)) };
        var acceptance = await TestLetters.SubmitAsync(axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId, signed, contents);
        Assert.AreEqual(manifest.EnvelopeId, AcceptanceReceipt.Parser.ParseFrom(acceptance.Body).EnvelopeId);

        var recipient = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        var inbox = await Eventually.WaitAsync(() => recipient.InboxAsync(TestAxis.First.Code.Value), l => l.Count == 1, "the recipient's node accepts the OpenSSL signature too");
        Assert.AreEqual(manifest.EnvelopeId, inbox[0].EnvelopeId);
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task APythonClientBuiltFromTheProtosAloneSubmitsOverMutualTlsAndReadsTheTrace()
    {
        Python.RequireReferenceStack();
        await using var axis = TestAxis.Create("python");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var generated = GenerateStubs(axis);
        var attachment = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "cong-van.pdf", TestLetters.Content(150_000, 602));
        var pki = axis.Axis.Pki;

        var (exit, output, error) = Python.Run(
            Repository.PathOf("tools", "python", "reference_client.py"),
            "--generated", generated,
            "--hub", $"localhost:{axis.Axis.HubPort}",
            "--ca", pki.TrustAnchorPath,
            "--tls-cert", pki.AgencyTls(TestAxis.Sender.Code).CertificatePath,
            "--tls-key", pki.AgencyTls(TestAxis.Sender.Code).KeyPath,
            "--sign-cert", pki.AgencySigning(TestAxis.Sender.Code).CertificatePath,
            "--sign-key", pki.AgencySigning(TestAxis.Sender.Code).KeyPath,
            "--sender", TestAxis.Sender.Code.Value,
            "--to", TestAxis.First.Code.Value,
            "--attach", attachment,
            "--wait-delivered", "60");

        Assert.AreEqual(0, exit, $"{output}\n{error}");
        var result = JsonDocument.Parse(output).RootElement;
        var envelopeId = result.GetProperty("envelope_id").GetString()!;
        Assert.AreEqual("docaxis-hub", result.GetProperty("hub_id").GetString());
        Assert.AreEqual("DELIVERY_STATE_DELIVERED", result.GetProperty("recipients").GetProperty(TestAxis.First.Code.Value).GetString());
        Assert.AreEqual(1L, axis.HubDatabase.Envelopes(envelopeId));
        Assert.AreEqual(2, result.GetProperty("paper_reported").GetProperty("paper_sent").GetInt32());
        Assert.AreEqual(1L, axis.HubDatabase.Scalar($"SELECT COUNT(*) FROM paper_reports WHERE agency_code = '{TestAxis.Sender.Code.Value}' AND paper_sent = 2"));
        var statistics = result.GetProperty("statistics");
        Assert.AreEqual($"agency:{TestAxis.Sender.Code.Value}", statistics.GetProperty("scope").GetString());
        Assert.AreEqual(12, statistics.GetProperty("periods").GetInt32(), "twelve months by default");
        var fetched = await new DmsClient(axis.Axis.Dms(TestAxis.First.Code)).FetchAsync(TestAxis.First.Code.Value, envelopeId, folder: null);
        Assert.IsTrue(fetched.AttachmentsVerified);
        Assert.AreEqual("V/v thử nghiệm máy khách tham chiếu Python", fetched.Letter.Manifest.Subject);
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task APythonDmsBuiltFromTheProtosAloneSendsAndFetchesEdXmlPackages()
    {
        Python.RequireReferenceStack();
        await using var axis = TestAxis.Create("python-edxml");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var generated = GenerateStubs(axis);
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, TestAxis.Second.Code.Value, "000.00.00.G22,2026/12/03,1/PYTHON");
        var package = Path.Combine(axis.Axis.Root, "letter.edxml");
        await File.WriteAllTextAsync(package, xml);
        var script = Repository.PathOf("tools", "python", "edxml_client.py");

        var (exit, output, error) = Python.Run(
            new Dictionary<string, string> { ["DOCAXIS_DMS_TOKEN"] = axis.Axis.DmsToken(TestAxis.Sender.Code) },
            script, "--generated", generated, "--node", $"localhost:{axis.Axis.DmsEndpoint(TestAxis.Sender.Code).Port}", "--agency", TestAxis.Sender.Code.Value, "send", package);
        Assert.AreEqual(0, exit, $"{output}\n{error}");
        var envelopeId = JsonDocument.Parse(output).RootElement.GetProperty("envelope_id").GetString()!;
        await Traces.WaitAsync(new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code)), envelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the package arrives");

        var received = Path.Combine(axis.Axis.Root, "received.edxml");
        (exit, output, error) = Python.Run(
            new Dictionary<string, string> { ["DOCAXIS_DMS_TOKEN"] = axis.Axis.DmsToken(TestAxis.First.Code) },
            script, "--generated", generated, "--node", $"localhost:{axis.Axis.DmsEndpoint(TestAxis.First.Code).Port}", "--agency", TestAxis.First.Code.Value, "fetch", envelopeId, received);
        Assert.AreEqual(0, exit, $"{output}\n{error}");
        Assert.AreEqual(new FileInfo(received).Length, JsonDocument.Parse(output).RootElement.GetProperty("bytes").GetInt64());
        var original = await EdXmlPackages.ReadAsync(EdXmlPackages.Stream(xml));
        await using var file = File.OpenRead(received);
        Assert.AreEqual(original.Manifest, (await EdXmlPackages.ReadAsync(file)).Manifest, "the package Python fetched has the header Python sent");
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task APythonDmsTalksTlsToANodeWhoseDmsApiListensBeyondLoopback()
    {
        Python.RequireReferenceStack();
        await using var axis = TestAxis.Create("python-tls");
        var port = Cli.Local.FreePorts.Next();
        var certificate = axis.Axis.Pki.AgencyTls(TestAxis.Sender.Code);
        axis.Axis.NodeOverrides["Node:DmsListen"] = $"0.0.0.0:{port}";
        axis.Axis.NodeOverrides["Node:ApiTls:CertificatePath"] = certificate.CertificatePath;
        axis.Axis.NodeOverrides["Node:ApiTls:KeyPath"] = certificate.KeyPath;
        await axis.StartAsync(TestAxis.Sender);
        var generated = GenerateStubs(axis);
        var package = Path.Combine(axis.Axis.Root, "letter.edxml");
        await File.WriteAllTextAsync(package, EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, TestAxis.Second.Code.Value, "000.00.00.G22,2026/12/03,7/PYTHON"));
        var script = Repository.PathOf("tools", "python", "edxml_client.py");
        var token = new Dictionary<string, string> { ["DOCAXIS_DMS_TOKEN"] = axis.Axis.DmsToken(TestAxis.Sender.Code) };
        string[] send = ["--agency", TestAxis.Sender.Code.Value, "send", package];

        var (exit, output, error) = Python.Run(token, [script, "--generated", generated, "--node", $"localhost:{port}", "--ca", axis.Axis.Pki.TrustAnchorPath, .. send]);
        Assert.AreEqual(0, exit, $"{output}\n{error}");
        Assert.AreEqual("SUBMISSION_STATE_QUEUED", JsonDocument.Parse(output).RootElement.GetProperty("state").GetString(), "the C-core stack verified the node's certificate and sent over TLS");

        (exit, _, error) = Python.Run(token, [script, "--generated", generated, "--node", $"localhost:{port}", .. send]);
        Assert.AreNotEqual(0, exit, "in clear the node does not answer");
        StringAssert.Contains(error, "UNAVAILABLE");
    }

    /// <summary>Python stubs generated from protos/ alone, with the reference grpc_tools.</summary>
    private static string GenerateStubs(TestAxis axis)
    {
        var generated = Directory.CreateDirectory(Path.Combine(axis.Axis.Root, "python-generated")).FullName;
        var protos = Directory.GetFiles(Repository.PathOf("protos", "docaxis", "v1"), "*.proto");
        var (protoc, _, protocError) = Python.Run(
            ["-m", "grpc_tools.protoc", "-I", Repository.PathOf("protos"), $"--python_out={generated}", $"--grpc_python_out={generated}", .. protos]);
        Assert.AreEqual(0, protoc, protocError);
        return generated;
    }
}
