using DocAxis.Core.Deliveries;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class RetryPolicyTests
{
    private static readonly DateTimeOffset Accepted = new(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Policy = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), 2.0, 0.2, TimeSpan.FromHours(1));

    [TestMethod]
    public void DelaysGrowExponentiallyUpToTheMaximum()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(10), Policy.Delay(1, 0.5));
        Assert.AreEqual(TimeSpan.FromSeconds(20), Policy.Delay(2, 0.5));
        Assert.AreEqual(TimeSpan.FromSeconds(40), Policy.Delay(3, 0.5));
        Assert.AreEqual(TimeSpan.FromMinutes(5), Policy.Delay(20, 0.5));
    }

    [TestMethod]
    public void JitterSpreadsDelaysByTheConfiguredFraction()
    {
        Assert.AreEqual(TimeSpan.FromSeconds(8), Policy.Delay(1, 0.0));
        Assert.AreEqual(12.0, Policy.Delay(1, 1.0 - 1e-12).TotalSeconds, 0.001);
    }

    [TestMethod]
    public void TheNextAttemptIsScheduledAfterTheDelay()
    {
        var now = Accepted.AddMinutes(1);
        var decision = Policy.AfterFailure(Accepted, 2, now, 0.5);
        Assert.IsTrue(decision.ShouldRetry);
        Assert.AreEqual(now.AddSeconds(20), decision.NextAttemptAt);
    }

    [TestMethod]
    public void TheLastAttemptIsMadeAtTheGiveUpAge()
    {
        var now = Accepted.AddMinutes(59);
        var decision = Policy.AfterFailure(Accepted, 10, now, 0.5);
        Assert.IsTrue(decision.ShouldRetry);
        Assert.AreEqual(Accepted.AddHours(1), decision.NextAttemptAt);
    }

    [TestMethod]
    public void ItGivesUpOnceTheAgeIsReached()
    {
        Assert.IsFalse(Policy.AfterFailure(Accepted, 11, Accepted.AddHours(1), 0.5).ShouldRetry);
    }
}
