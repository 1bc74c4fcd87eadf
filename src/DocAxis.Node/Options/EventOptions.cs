namespace DocAxis.Node.Options;

/// <summary>How the node keeps and serves its agencies' event records, section "Node:Events".</summary>
public sealed class EventOptions
{
    /// <summary>How often the node asks the hub what happened to its agencies' sent letters.</summary>
    public TimeSpan HubPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far back each poll looks again: an event the hub numbered earlier but committed later (a
    /// hub of several instances on one database) is still found if it commits within this time.
    /// </summary>
    public TimeSpan HubOverlap { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// After this long without an event a WatchEvents stream carries a heartbeat, so that proxies
    /// with idle timeouts (often 60 s) keep it open.
    /// </summary>
    public TimeSpan Heartbeat { get; set; } = TimeSpan.FromSeconds(20);
}
