using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Integration.Tests.Infrastructure;

namespace DocAxis.Integration.Tests;

/// <summary>
/// The REST door for DMSs that cannot speak gRPC, over a real HTTP/1.1 socket: a letter sent as
/// base64 edXML at one node is listed and fetched as base64 edXML at another, its status updated the
/// platforms' way; refusals carry the same reasons as gRPC, and nothing is queued for them.
/// </summary>
[TestClass]
public sealed class EdXmlRestTests
{
    private const string OlderCode = "28.22.H17";
    private static TestAxis s_axis = null!;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        s_axis = TestAxis.Create("edxml-rest", TestAxis.Sender, TestAxis.First, TestAxis.Second with { LegacyCode = OlderCode });
        await s_axis.StartAsync();
    }

    [ClassCleanup]
    public static async Task Stop() => await s_axis.DisposeAsync();

    private static HttpClient Rest(LocalAgency agency, bool token = true)
    {
        var client = new HttpClient { BaseAddress = s_axis.Axis.RestEndpoint(agency.Code) };
        if (token)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", s_axis.Axis.DmsToken(agency.Code));
        }

        return client;
    }

    [TestMethod]
    public async Task ALetterGoesInAsBase64EdXmlAndComesOutAsBase64EdXmlAtTheRecipient()
    {
        var xml = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, OlderCode, "000.00.00.G22,2026/12/03,11/VPCP-REST");
        using var sender = Rest(TestAxis.Sender);
        var posted = await sender.PostAsJsonAsync("/edxml/v1/vanbans", new { type = "edoc", content = Convert.ToBase64String(Encoding.UTF8.GetBytes(xml)) });
        Assert.AreEqual(HttpStatusCode.Created, posted.StatusCode, await posted.Content.ReadAsStringAsync());
        var id = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        await Traces.WaitAsync(new DmsClient(s_axis.Axis.Dms(TestAxis.Sender.Code)), id, t => Traces.IsDelivered(t, TestAxis.First), "the letter arrives");

        using var recipient = Rest(TestAxis.First);
        var listed = await recipient.GetFromJsonAsync<JsonElement>("/edxml/v1/vanbans");
        var entry = listed.EnumerateArray().Single(e => e.GetProperty("id").GetString() == id);
        Assert.AreEqual("000.00.00.G22,2026/12/03,11/VPCP-REST", entry.GetProperty("documentId").GetString());
        Assert.AreEqual("1234/UBND-VX", entry.GetProperty("code").GetString());

        var fetched = await recipient.GetFromJsonAsync<JsonElement>($"/edxml/v1/vanbans/{id}");
        Assert.AreEqual("edoc", fetched.GetProperty("type").GetString());
        var package = Convert.FromBase64String(fetched.GetProperty("content").GetString()!);
        var received = await EdXmlPackages.ReadAsync(new MemoryStream(package));
        var original = await EdXmlPackages.ReadAsync(EdXmlPackages.Stream(xml));
        Assert.AreEqual(original.Manifest, received.Manifest);
        CollectionAssert.AreEqual(EdXmlPackages.FixtureBytes("letter-sdk-form.attachment-1.pdf"), received.Contents[0]);

        Assert.AreEqual(HttpStatusCode.OK, (await recipient.PutAsJsonAsync($"/edxml/v1/vanbans/{id}", new { status = "INITIAL", staff = "Lê Văn Thư" })).StatusCode);
        Assert.AreEqual(HttpStatusCode.OK, (await recipient.PutAsJsonAsync($"/edxml/v1/vanbans/{id}", new { status = "DONE", description = "Đã xử lý" })).StatusCode);
        await Traces.WaitAsync(new DmsClient(s_axis.Axis.Dms(TestAxis.Sender.Code)), id, t => Traces.HasStatus(t, TestAxis.First, "06"), "DONE reaches the sender as 06");

        var contradicting = await recipient.PutAsJsonAsync($"/edxml/v1/vanbans/{id}", new { status = "FAIL" });
        Assert.AreEqual(HttpStatusCode.Conflict, contradicting.StatusCode);
        Assert.AreEqual("STATUS_TRANSITION_INVALID", await ReasonAsync(contradicting));
    }

    [TestMethod]
    public async Task TheDirectoryListsAgenciesWithTheirOlderCodes()
    {
        using var client = Rest(TestAxis.First);
        var agencies = await client.GetFromJsonAsync<JsonElement>("/edxml/v1/donvilienthongs");
        var second = agencies.EnumerateArray().Single(a => a.GetProperty("code").GetString() == TestAxis.Second.Code.Value);
        Assert.AreEqual(OlderCode, second.GetProperty("legacyCode").GetString());
        Assert.AreEqual(3, agencies.GetArrayLength());
    }

    [TestMethod]
    public async Task RefusalsCarryTheReasonAndNothingIsQueued()
    {
        var outbox = new HubInspector(s_axis.Axis.NodeDataDirectory(TestAxis.Sender.Code), "node.db");
        var before = outbox.Scalar("SELECT COUNT(*) FROM outbox");
        using var anonymous = Rest(TestAxis.Sender, token: false);
        var noToken = await anonymous.GetAsync("/edxml/v1/vanbans");
        Assert.AreEqual(HttpStatusCode.Unauthorized, noToken.StatusCode);
        Assert.AreEqual("TOKEN_INVALID", await ReasonAsync(noToken));

        using var sender = Rest(TestAxis.Sender);
        var corrupt = EdXmlPackages.Letter(TestAxis.Sender.Code.Value, TestAxis.First.Code.Value, OlderCode).Replace("<edXML:Subject>", "<edXML:Subject><b>", StringComparison.Ordinal);
        var malformed = await sender.PostAsJsonAsync("/edxml/v1/vanbans", new { type = "edoc", content = Convert.ToBase64String(Encoding.UTF8.GetBytes(corrupt)) });
        Assert.AreEqual(HttpStatusCode.BadRequest, malformed.StatusCode);
        var error = (await malformed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error");
        Assert.AreEqual("PACKAGE_MALFORMED", error.GetProperty("reason").GetString());
        Assert.IsTrue(error.GetProperty("details").TryGetProperty("line", out _), "the line is named");

        var notBase64 = await sender.PostAsJsonAsync("/edxml/v1/vanbans", new { type = "edoc", content = "<edXML>" });
        Assert.AreEqual("FIELD_INVALID", await ReasonAsync(notBase64));

        var huge = new string('A', 65 * 1024 * 1024);
        var tooLarge = await sender.PostAsync("/edxml/v1/vanbans", new StringContent($"{{\"type\":\"edoc\",\"content\":\"{huge}\"}}", Encoding.UTF8, "application/json"));
        Assert.AreEqual(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.AreEqual("LIMIT_EXCEEDED", await ReasonAsync(tooLarge));

        var statusAsLetter = await sender.PostAsJsonAsync("/edxml/v1/vanbans", new { type = "edoc", content = Convert.ToBase64String(Encoding.UTF8.GetBytes(EdXmlPackages.Fixture("status-03.edxml"))) });
        Assert.AreEqual("PACKAGE_KIND_MISMATCH", await ReasonAsync(statusAsLetter));
        Assert.AreEqual(before, outbox.Scalar("SELECT COUNT(*) FROM outbox"), "nothing was queued");
    }

    [TestMethod]
    public async Task TheOpenApiDocumentDescribesTheEndpoint()
    {
        using var client = Rest(TestAxis.Sender, token: false);
        var document = await client.GetFromJsonAsync<JsonElement>("/edxml/v1/openapi.json");
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/edxml/v1/vanbans", "/edxml/v1/vanbans/{id}", "/edxml/v1/donvilienthongs" })
        {
            Assert.IsTrue(paths.TryGetProperty(path, out _), $"{path} is documented");
        }
    }

    private static async Task<string?> ReasonAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetProperty("reason").GetString();
}
