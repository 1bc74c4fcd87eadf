using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Letters whose delivery finally failed, for re-queueing: the recipient's node was down past a short give-up age.</summary>
public static class FailedLetters
{
    /// <summary>An axis whose hub gives up on a delivery after two seconds.</summary>
    public static TestAxis Axis(string name)
    {
        var axis = TestAxis.Create(name);
        axis.Axis.HubOverrides["Hub:Delivery:GiveUpAfter"] = "00:00:02";
        return axis;
    }

    /// <summary>
    /// Sends a letter to the first and second recipient while only the first one's node runs, waits
    /// until it is delivered there and failed at the second, then starts the second's node.
    /// </summary>
    public static async Task<string> SendAsync(TestAxis axis, int seed)
    {
        var sender = new DmsClient(axis.Axis.Dms(TestAxis.Sender.Code));
        var sent = await sender.SendAsync(
            TestAxis.Sender.Code.Value, TestLetters.Draft([TestAxis.First, TestAxis.Second], "a.pdf"),
            [TestLetters.WriteFile(Path.Combine(axis.Axis.Root, "outgoing"), $"a-{seed}.pdf", TestLetters.Content(2000, seed))]);
        await Traces.WaitAsync(sender, sent.EnvelopeId,
            t => Traces.IsDelivered(t, TestAxis.First) && Traces.Of(t, TestAxis.Second)?.State == DeliveryState.Failed, "the hub gives up on the offline recipient");
        await axis.Axis.StartNodeAsync(TestAxis.Second.Code);
        return sent.EnvelopeId;
    }
}
