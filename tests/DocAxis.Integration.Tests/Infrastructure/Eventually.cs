namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Waits for asynchronous work (deliveries, retries, relays) to reach a state, or fails saying what never happened.</summary>
public static class Eventually
{
    public static async Task<T> WaitAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = TimeProvider.System.GetUtcNow() + (timeout ?? TimeSpan.FromSeconds(60));
        T last;
        do
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(100);
        }
        while (TimeProvider.System.GetUtcNow() < deadline);

        Assert.Fail($"Timed out waiting until {what}. Last observed: {last}");
        return last;
    }
}
