using DocAxis.Hosting;

namespace DocAxis.Hub.Options;

/// <summary>How the hub pushes letters to recipients and retries, section "Hub:Delivery".</summary>
public sealed class DeliveryOptions : RetryOptions
{
    public DeliveryOptions()
    {
        InitialDelay = TimeSpan.FromSeconds(10);
        MaxDelay = TimeSpan.FromMinutes(30);
        GiveUpAfter = TimeSpan.FromDays(3);
        PollInterval = TimeSpan.FromSeconds(5);
    }

    /// <summary>How many due deliveries the retry job claims at once.</summary>
    public int BatchSize { get; set; } = 200;

    /// <summary>How long a claimed delivery stays reserved for this instance; renewed while a transfer runs.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How many pushes run at once. A push waits on the recipient's commit and signature for most of
    /// its time, so this must be well above the number of senders the hub serves at once, or
    /// delivery falls behind intake.
    /// </summary>
    public int MaxParallel { get; set; } = 32;
}
