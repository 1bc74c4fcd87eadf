namespace DocAxis.Hub.Options;

/// <summary>How the hub exchanges letters with peer hubs, section "Hub:Federation".</summary>
public sealed class FederationOptions
{
    /// <summary>How many hubs a letter may pass, its sender's hub included; a forward beyond it is refused (HOP_LIMIT_EXCEEDED).</summary>
    public int MaxHops { get; set; } = Core.Agencies.PeerHub.MaxHops;

    /// <summary>How often the hub asks each peer hub what happened to the letters it forwarded there.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How far before its cursor each poll reads again, so that an event a peer hub instance
    /// committed late is not skipped (what was applied already is recognised by its relay key).
    /// </summary>
    public TimeSpan Overlap { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The peer hub whose directory is the source of truth (the national hub, for a provincial
    /// hub): every agency this hub does not host is copied from it. Empty for the national hub,
    /// which copies from each peer only the agencies that peer hosts.
    /// </summary>
    public string? Upstream { get; set; }

    /// <summary>How often the hub copies the changes of each peer hub's directory.</summary>
    public TimeSpan DirectoryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a copy of this hub's directory may be trusted as current; a peer whose copy is older raises an alarm.</summary>
    public TimeSpan DirectoryValidity { get; set; } = TimeSpan.FromDays(1);
}
