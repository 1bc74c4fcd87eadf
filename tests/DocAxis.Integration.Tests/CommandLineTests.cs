using DocAxis.Cli.Demo;
using DocAxis.Integration.Tests.Infrastructure;

namespace DocAxis.Integration.Tests;

/// <summary>The docaxis commands a clerk or operator runs, with their machine-readable output.</summary>
[TestClass]
public sealed class CommandLineTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task PkiInitCreatesTheHubOperatorAndAgencyCertificates()
    {
        var folder = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"cli-pki-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            var (exit, output) = await CommandLine.RunAsync("pki", "init", "--out", folder, "--agency", "000.00.00.G22=Văn phòng Chính phủ");

            Assert.AreEqual(0, exit);
            var identities = output.GetProperty("certificates").EnumerateArray().Select(c => c.GetProperty("identity").GetString()).ToList();
            CollectionAssert.AreEquivalent(
                new[] { "(root CA)", "docaxis-hub", "docaxis-hub", "docaxis-operator", "docaxis-auditor", "000.00.00.G22", "000.00.00.G22" }, identities);
            var (again, error) = await CommandLine.RunAsync("pki", "init", "--out", folder);
            Assert.AreNotEqual(0, again);
            StringAssert.Contains(error.GetProperty("error").GetProperty("details")[0].GetString(), "already exists");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [TestMethod]
    public async Task AgencyAddListAndDisableWorkAgainstAHub()
    {
        await using var axis = TestAxis.Create("cli-agency");
        await axis.StartAsync(TestAxis.Sender);
        string[] hub = ["--hub", axis.Axis.HubEndpoint.ToString(), "--pki", axis.Axis.Pki.Root];

        var (added, agency) = await CommandLine.RunAsync(["agency", "add", "--code", "000.21.32.H41", "--name", "UBND xã thử nghiệm", "--level", "commune", "--parent", "000.00.00.H41", .. hub]);
        Assert.AreEqual(0, added);
        Assert.AreEqual("GOVERNMENT_LEVEL_COMMUNE", agency.GetProperty("agencies")[0].GetProperty("level").GetString());

        var (_, communes) = await CommandLine.RunAsync(["agency", "list", "--level", "commune", .. hub]);
        Assert.AreEqual("000.21.32.H41", communes.GetProperty("agencies").EnumerateArray().Single().GetProperty("code").GetString());

        var (disabled, _) = await CommandLine.RunAsync(["agency", "disable", "--code", "000.21.32.H41", .. hub]);
        Assert.AreEqual(0, disabled);
        var (_, enabled) = await CommandLine.RunAsync(["agency", "list", .. hub]);
        Assert.IsFalse(enabled.GetProperty("agencies").EnumerateArray().Any(a => a.GetProperty("code").GetString() == "000.21.32.H41"));

        var (refused, error) = await CommandLine.RunAsync(["agency", "add", "--code", "bad", "--name", "x", "--level", "commune", .. hub]);
        Assert.AreEqual(3, refused);
        Assert.AreEqual("AGENCY_CODE_MALFORMED", error.GetProperty("error").GetProperty("reason").GetString());
    }

    [TestMethod]
    public async Task SendInboxStatusAndTraceWorkThroughTheNodes()
    {
        await using var axis = TestAxis.Create("cli-letter");
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var file = TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), "to-trinh.pdf", TestLetters.Content(20_000, 91));
        string[] sender = ["--node", axis.Axis.DmsEndpoint(TestAxis.Sender.Code).ToString(), "--agency", TestAxis.Sender.Code.Value, "--token", axis.Axis.DmsToken(TestAxis.Sender.Code)];
        string[] recipient = ["--node", axis.Axis.DmsEndpoint(TestAxis.First.Code).ToString(), "--agency", TestAxis.First.Code.Value, "--token", axis.Axis.DmsToken(TestAxis.First.Code)];

        var (sent, letter) = await CommandLine.RunAsync(["send", .. sender, "--to", TestAxis.First.Code.Value, "--subject", "V/v thử lệnh gửi", "--number", "7", "--attach", file]);
        Assert.AreEqual(0, sent);
        var id = letter.GetProperty("envelope_id").GetString()!;

        await Eventually.WaitAsync(async () => (await CommandLine.RunAsync(["inbox", .. recipient])).Output, o => o.GetProperty("letters").GetArrayLength() == 1, "the letter is in the inbox");
        var folder = Path.Combine(axis.Axis.Root, "fetched");
        var (fetched, download) = await CommandLine.RunAsync(["fetch", .. recipient, "--envelope", id, "--out", folder]);
        Assert.AreEqual(0, fetched);
        Assert.IsTrue(download.GetProperty("attachments_verified").GetBoolean());
        CollectionAssert.AreEqual(await File.ReadAllBytesAsync(file), await File.ReadAllBytesAsync(Path.Combine(folder, "to-trinh.pdf")));
        Assert.AreEqual(0, (await CommandLine.RunAsync(["status", .. recipient, "--envelope", id, "--code", "01"])).ExitCode);

        var trace = await Eventually.WaitAsync(
            async () => (await CommandLine.RunAsync(["trace", .. sender, "--envelope", id])).Output,
            o => o.TryGetProperty("trace", out var t) && t.GetProperty("recipients")[0].TryGetProperty("status_code", out var s) && s.GetString() == "01",
            "the status reaches the sender's trace");
        Assert.AreEqual("SUBMISSION_STATE_ACCEPTED", trace.GetProperty("submission_state").GetString());
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task TheDemoPassesEveryCheck()
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"demo-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            var result = await new DemoScenario(step => TestContext.WriteLine(step), TimeProvider.System).RunAsync(root, annexMegabytes: 4);

            foreach (var check in result.Checks)
            {
                TestContext.WriteLine($"{(check.Passed ? "PASS" : "FAIL")} {check.Name}: {check.Detail}");
            }

            Assert.HasCount(7, result.Checks);
            Assert.IsTrue(result.Passed);
            StringAssert.Contains(result.Checks[^1].Name, "edXML package", "the demo's last check is the edXML round trip");
            Assert.IsNotNull(result.Statistics, "the demo ends with the statistics it produced");
            Assert.AreEqual(1UL, result.Statistics.Periods.Single().Sent);
            Assert.IsTrue(Directory.EnumerateFiles(result.LogDirectory, "*.log").Any(), "the hosts wrote their logs");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [TestMethod]
    public async Task TheFederationDemoPassesEveryCheckAndSaysSoInJson()
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"demo-federation-{Guid.NewGuid().ToString("N")[..8]}");
        try
        {
            var (exit, output) = await CommandLine.RunAsync("demo", "--federation", "--out", root);

            var checks = output.GetProperty("checks").EnumerateArray().ToList();
            foreach (var check in checks)
            {
                TestContext.WriteLine($"{check.GetProperty("passed")} {check.GetProperty("name")}: {check.GetProperty("detail")}");
            }

            Assert.AreEqual(0, exit);
            Assert.IsTrue(output.GetProperty("passed").GetBoolean());
            Assert.HasCount(5, checks);
            var timeline = output.GetProperty("trace").GetProperty("recipients")[0].GetProperty("timeline").EnumerateArray()
                .Select(e => e.GetProperty("kind").GetString()).ToList();
            Assert.AreEqual(2, timeline.Count(k => k == "TRACE_EVENT_KIND_FORWARDED"), "the trace shows both hops");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
