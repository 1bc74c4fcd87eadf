using DocAxis.Core.Deliveries;

namespace DocAxis.Core.Tests;

[TestClass]
public sealed class RetryScheduleTests
{
    private static readonly DateTimeOffset Queued = new(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
    private static readonly RetryPolicy Policy = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(5), 2.0, 0.2, TimeSpan.FromHours(1));

    [TestMethod]
    public void AnInjectedJitterSourceMakesTheScheduleDeterministic()
    {
        var schedule = new RetrySchedule(Policy, new SequenceJitter(0.0, 0.5, 0.25, 0.75));
        var now = Queued;
        var retries = new List<DateTimeOffset>();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            var outcome = schedule.AfterFailure(Queued, attempt, now, "the node could not be reached", final: false);
            Assert.IsTrue(outcome.Retry);
            retries.Add(outcome.NextAttemptAt);
            now = outcome.NextAttemptAt;
        }

        // 10 s x 0.8, 20 s x 1.0, 40 s x 0.9, 80 s x 1.1: the base doubles, the jitter spreads it by 20% either way.
        CollectionAssert.AreEqual(
            new[] { Queued.AddSeconds(8), Queued.AddSeconds(28), Queued.AddSeconds(64), Queued.AddSeconds(152) },
            retries.ToArray());
    }

    [TestMethod]
    public void AFailureAfterTheGiveUpAgeGivesUpSayingHowLongItTried()
    {
        var schedule = new RetrySchedule(Policy, new SequenceJitter(0.5));

        var outcome = schedule.AfterFailure(Queued, 12, Queued.AddHours(1), "the node could not be reached", final: false);

        Assert.IsFalse(outcome.Retry);
        Assert.IsFalse(outcome.Refused);
        Assert.AreEqual("Gave up after 12 attempts over 0.01:00:00; last error: the node could not be reached", outcome.Reason);
    }

    [TestMethod]
    public void AFinalFailureIsNotRetriedAndKeepsItsReason()
    {
        var schedule = new RetrySchedule(Policy, new SequenceJitter(0.5));

        var outcome = schedule.AfterFailure(Queued, 1, Queued, "The recipient's node refused the letter", final: true);

        Assert.IsFalse(outcome.Retry);
        Assert.IsTrue(outcome.Refused);
        Assert.AreEqual("The recipient's node refused the letter", outcome.Reason);
    }

    /// <summary>Jitter that returns the given samples in turn.</summary>
    private sealed class SequenceJitter(params double[] samples) : IJitterSource
    {
        private int _next;

        public double Next() => samples[_next++ % samples.Length];
    }
}
