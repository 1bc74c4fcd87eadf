using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Testing;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Integration.Tests;

/// <summary>
/// What an outside integrator met calling the DMS API and the hub from stubs generated out of the
/// protos: one rule for empty attachments, limits answered by name rather than by a closed
/// connection, tokens that fail as UNAUTHENTICATED, and refusals logged with their letter.
/// </summary>
[TestClass]
public sealed class IntegratorEdgeTests
{
    private static TestAxis s_axis = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        s_axis = TestAxis.Create("integrator", TestAxis.Sender, TestAxis.First);
        await s_axis.StartAsync(TestAxis.Sender);
    }

    [ClassCleanup]
    public static async Task Stop() => await s_axis.DisposeAsync();

    [TestMethod]
    public async Task AnEmptyAttachmentIsRefusedAlikeByTheNodeAndByTheHub()
    {
        var node = new DmsClient(s_axis.Axis.Dms(TestAxis.Sender.Code));
        var draft = TestLetters.Draft([TestAxis.First], "empty.pdf");
        draft.EnvelopeId = Core.Letters.EnvelopeId.New().ToString();
        var empty = TestLetters.WriteFile(Path.Combine(s_axis.Axis.Root, "outgoing"), "empty.pdf", []);
        var atNode = await Refusals.AssertRefusedAsync(() => node.SendAsync(TestAxis.Sender.Code.Value, draft, [empty]), StatusCode.InvalidArgument, RefusalReason.FieldInvalid);

        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [[]]);
        var signed = TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code));
        var atHub = await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId, signed, [[]]), StatusCode.InvalidArgument, RefusalReason.FieldInvalid);

        Assert.AreEqual("manifest.attachments[0].size", atNode.Details["field"]);
        Assert.AreEqual(atNode.Details["field"], atHub.Details["field"]);
        StringAssert.Contains(atNode.Message, "empty");
        Assert.AreEqual(0L, new HubInspector(s_axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db").Count("outbox", "envelope_id", draft.EnvelopeId));
        s_axis.HubDatabase.AssertNothingStored(manifest.EnvelopeId);
    }

    [TestMethod]
    [DataRow(40 * 1024, DisplayName = "40 KiB authorization header")]
    [DataRow(100 * 1024, DisplayName = "100 KiB authorization header")]
    public async Task MetadataOverItsLimitIsRefusedByNameNotByAClosedConnection(int size)
    {
        using var channel = GrpcChannel.ForAddress(s_axis.Axis.DmsEndpoint(TestAxis.Sender.Code));
        var dms = new DmsService.DmsServiceClient(channel);
        var headers = new Metadata { { "authorization", "Bearer " + new string('x', size) } };

        var refusal = await Refusals.AssertRefusedAsync(
            async () => await dms.ListInbox(new ListInboxRequest { AgencyCode = TestAxis.Sender.Code.Value }, headers).ResponseStream.MoveNext(),
            StatusCode.ResourceExhausted, RefusalReason.LimitExceeded);

        Assert.AreEqual("max_metadata_bytes", refusal.Details["limit"]);
        StringAssert.Contains(refusal.Message, "32768");
    }

    [TestMethod]
    public async Task AHubCallWithMetadataOverItsLimitIsRefusedByName()
    {
        var trace = new TraceService.TraceServiceClient(s_axis.Axis.Clients.Agency(TestAxis.Sender.Code));
        var headers = new Metadata { { "x-dms-note", new string('n', 40 * 1024) } };

        var refusal = await Refusals.AssertRefusedAsync(
            () => trace.GetTraceAsync(new GetTraceRequest { EnvelopeId = Core.Letters.EnvelopeId.New().ToString() }, headers).ResponseAsync,
            StatusCode.ResourceExhausted, RefusalReason.LimitExceeded);

        Assert.AreEqual("max_metadata_bytes", refusal.Details["limit"]);
    }

    [TestMethod]
    public void TheReferenceClientIsToldTheMetadataLimitRatherThanToRetry()
    {
        Python.RequireReferenceStack();
        var generated = Path.Combine(s_axis.Axis.Root, "python");
        Directory.CreateDirectory(generated);
        string[] protoc = ["-m", "grpc_tools.protoc", "-I", Repository.PathOf("protos"), $"--python_out={generated}", $"--grpc_python_out={generated}"];
        var (compiled, _, protocError) = Python.Run([.. protoc, .. Directory.GetFiles(Repository.PathOf("protos", "docaxis", "v1"), "*.proto")]);
        Assert.AreEqual(0, compiled, protocError);
        var script = $$"""
            import sys, grpc
            sys.path.insert(0, {{Quoted(generated)}})
            from docaxis.v1 import dms_pb2, dms_pb2_grpc
            channel = grpc.insecure_channel({{Quoted(s_axis.Axis.DmsEndpoint(TestAxis.Sender.Code).Authority)}})
            try:
                list(dms_pb2_grpc.DmsServiceStub(channel).ListInbox(
                    dms_pb2.ListInboxRequest(agency_code="{{TestAxis.Sender.Code.Value}}"),
                    metadata=[("authorization", "Bearer " + "x" * 100 * 1024)], timeout=20))
                print("OK")
            except grpc.RpcError as e:
                print(e.code().name)
                print(e.details())
            """;

        var (exit, output, error) = Python.Run("-c", script);

        Assert.AreEqual(0, exit, error);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.AreEqual("RESOURCE_EXHAUSTED", lines[0], output);
        StringAssert.Contains(lines[1], "limit is 32768");
    }

    [TestMethod]
    public async Task AHeaderMessageOverTheMessageLimitIsRefusedByNameAndLogged()
    {
        var draft = TestLetters.Draft([TestAxis.First], "a.pdf");
        draft.EnvelopeId = Core.Letters.EnvelopeId.New().ToString();
        draft.Summary = new string('s', 9 * 1024 * 1024);
        using var call = new DmsService.DmsServiceClient(s_axis.Axis.Dms(TestAxis.Sender.Code)).SendLetter();

        var refusal = await Refusals.AssertRefusedAsync(
            () => ClientStreamingCalls.SendAsync(call, requests => requests.WriteAsync(new SendLetterRequest { Draft = new LetterDraft { AgencyCode = TestAxis.Sender.Code.Value, Manifest = draft } })),
            StatusCode.ResourceExhausted, RefusalReason.LimitExceeded);

        Assert.AreEqual("max_message_bytes", refusal.Details["limit"]);
        await Eventually.WaitAsync(
            () => Task.FromResult(LogLines(TestAxis.Sender.Code.Value, "Refused").Count(l => l.Contains("LIMIT_EXCEEDED", StringComparison.Ordinal) && l.Contains("SendLetter", StringComparison.Ordinal))),
            n => n >= 1, "the node logs the refusal");
    }

    [TestMethod]
    public async Task ARefusedLetterIsLoggedWithItsEnvelopeIdAtTheNodeAndAtTheHub()
    {
        var draft = TestLetters.Draft([TestAxis.First], "a.pdf");
        draft.EnvelopeId = Core.Letters.EnvelopeId.New().ToString();
        draft.Recipients[0].Code = "not-an-agency";
        var file = TestLetters.WriteFile(Path.Combine(s_axis.Axis.Root, "outgoing"), "a.pdf", TestLetters.Content(1000, 91));
        await Refusals.AssertRefusedAsync(
            () => new DmsClient(s_axis.Axis.Dms(TestAxis.Sender.Code)).SendAsync(TestAxis.Sender.Code.Value, draft, [file]), StatusCode.InvalidArgument, RefusalReason.AgencyCodeMalformed);

        var manifest = TestLetters.Complete(TestAxis.Sender, [TestAxis.First], [TestLetters.Content(1000, 92)], subject: new string('s', 501));
        await Refusals.AssertRefusedAsync(
            () => TestLetters.SubmitAsync(s_axis.Axis.Clients.Agency(TestAxis.Sender.Code), manifest.EnvelopeId, TestLetters.Sign(manifest, s_axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code)), [TestLetters.Content(1000, 92)]),
            StatusCode.InvalidArgument, RefusalReason.FieldInvalid);

        await Eventually.WaitAsync(() => Task.FromResult(LogLines(TestAxis.Sender.Code.Value, "Refused").Any(l => l.Contains(draft.EnvelopeId, StringComparison.Ordinal))), found => found, "the node's refusal names the letter");
        await Eventually.WaitAsync(() => Task.FromResult(LogLines("hub", "Refused").Any(l => l.Contains(manifest.EnvelopeId, StringComparison.Ordinal))), found => found, "the hub's refusal names the letter");
    }

    [TestMethod]
    [DataRow(null, DisplayName = "no token")]
    [DataRow("Basic abc", DisplayName = "not a bearer token")]
    [DataRow("Bearer not-a-token-this-node-issued", DisplayName = "a token no hosted agency has")]
    public async Task ACallWithoutAValidTokenIsUnauthenticated(string? authorization)
    {
        using var channel = GrpcChannel.ForAddress(s_axis.Axis.DmsEndpoint(TestAxis.Sender.Code));
        var dms = new DmsService.DmsServiceClient(channel);
        var headers = authorization is null ? [] : new Metadata { { "authorization", authorization } };

        var refusal = await Refusals.AssertRefusedAsync(
            async () => await dms.ListInbox(new ListInboxRequest { AgencyCode = TestAxis.Sender.Code.Value }, headers).ResponseStream.MoveNext(),
            StatusCode.Unauthenticated, RefusalReason.TokenInvalid);

        StringAssert.Contains(refusal.Message, "token");
    }

    [TestMethod]
    public async Task TheCommandLinesJsonErrorCarriesTheSentenceAsItsMessage()
    {
        var (exit, output) = await CommandLine.RunAsync(
            "inbox", "--agency", TestAxis.Sender.Code.Value, "--node", s_axis.Axis.DmsEndpoint(TestAxis.Sender.Code).ToString(), "--token", "not-a-token-this-node-issued");

        Assert.AreNotEqual(0, exit);
        var error = output.GetProperty("error");
        Assert.AreEqual("TOKEN_INVALID", error.GetProperty("reason").GetString());
        Assert.AreEqual("Unauthenticated", error.GetProperty("status").GetString());
        StringAssert.StartsWith(error.GetProperty("message").GetString(), "The DMS token is not one this node issued");
        Assert.AreEqual(error.GetProperty("message").GetString(), error.GetProperty("details")[0].GetString());
    }

    private static string Quoted(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>The JSON log lines of a host ("hub", or the node named by an agency it hosts) for one event.</summary>
    private static List<string> LogLines(string host, string eventName) =>
    [
        .. Directory.EnumerateFiles(s_axis.Axis.Root, "*.log", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f).Contains(host, StringComparison.Ordinal))
            .SelectMany(f => ReadShared(f))
            .Where(l => l.Contains($"\"Name\":\"{eventName}\"", StringComparison.Ordinal)),
    ];

    private static IEnumerable<string> ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
