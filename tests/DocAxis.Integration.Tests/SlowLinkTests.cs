using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Integration.Tests.Infrastructure;

namespace DocAxis.Integration.Tests;

/// <summary>
/// A sending agency whose link to the hub is slow, as a district's may be: a large letter takes
/// seconds to go up, and what the clerks send or report meanwhile must not wait behind it.
/// </summary>
[TestClass]
public sealed class SlowLinkTests
{
    /// <summary>4 MB/s from the nodes to the hub: the large letter takes ~6 s to submit.</summary>
    private const long LinkBytesPerSecond = 4L * 1024 * 1024;
    private const int LargeBytes = 24 * 1024 * 1024;

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task ALargeLetterGoingUpHoldsUpNeitherTheLettersQueuedAfterItNorTheStatusesReportedMeanwhile()
    {
        await using var axis = TestAxis.Create("slow-link");
        var linkPort = FreePorts.Next();
        axis.Axis.NodeOverrides["Node:Hub:Endpoint"] = $"https://127.0.0.1:{linkPort}";
        await using var link = new TcpBalancer(linkPort, [axis.Axis.HubPort], LinkBytesPerSecond);
        await axis.StartAsync(TestAxis.Sender, TestAxis.First);
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var first = new DmsClient(axis.Axis.Dms(TestAxis.First.Code));
        var outgoing = Path.Combine(axis.Axis.Root, "outgoing");

        // A letter the sending agency received earlier, so that its clerk has a status to report.
        var received = await first.SendAsync(
            TestAxis.First.Code.Value, TestLetters.Draft([TestAxis.Sender], "bao-cao.pdf"), [TestLetters.WriteFile(outgoing, "bao-cao.pdf", TestLetters.Content(20_000, 1))]);
        await Traces.WaitAsync(first, TestAxis.First, received.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.Sender), "the earlier letter is delivered");

        var large = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "ban-scan.pdf"), [TestLetters.WriteFile(outgoing, "ban-scan.pdf", TestLetters.Content(LargeBytes, 2))]);
        var small = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First], "giay-moi.pdf"), [TestLetters.WriteFile(outgoing, "giay-moi.pdf", TestLetters.Content(16_000, 3))]);
        await sender.ReportAsync(TestAxis.Sender.Code.Value, received.EnvelopeId, "01", "Đã nhận");

        await Traces.WaitAsync(sender, small.EnvelopeId, t => t.SubmissionState == SubmissionState.Accepted, "the small letter queued after the large one is accepted");
        await Traces.WaitAsync(first, TestAxis.First, received.EnvelopeId, t => Traces.HasStatus(t, TestAxis.Sender, "01"), "the status reported meanwhile reaches the hub");
        var largeMeanwhile = await sender.TraceAsync(TestAxis.Sender.Code.Value, large.EnvelopeId);
        Assert.AreEqual(SubmissionState.Queued, largeMeanwhile.SubmissionState, "the large letter was still going up the slow link all along");

        await Traces.WaitAsync(sender, large.EnvelopeId, t => Traces.IsDelivered(t, TestAxis.First), "the large letter is delivered in the end", TimeSpan.FromMinutes(2));
        var fetched = await first.FetchAsync(TestAxis.First.Code.Value, large.EnvelopeId, folder: null);
        Assert.IsTrue(fetched.AttachmentsVerified);
        Assert.AreEqual(LargeBytes, fetched.Bytes);
    }
}
