namespace DocAxis.Core.Letters;

/// <summary>The size limits a hub or node enforces on letters; configured per deployment.</summary>
public sealed record ExchangeLimits
{
    /// <summary>One letter commonly goes to 70-100 agencies; a little headroom above that.</summary>
    public int MaxRecipients { get; init; } = 500;

    public int MaxAttachments { get; init; } = 100;

    /// <summary>Scanned annexes of hundreds of MB are normal; at least 1 GB must pass.</summary>
    public long MaxAttachmentBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    public long MaxLetterBytes { get; init; } = 4L * 1024 * 1024 * 1024;

    /// <summary>No count or size limit: a recipient's node takes what its hub accepted under the deployment's limits.</summary>
    public static ExchangeLimits None { get; } = new()
    {
        MaxRecipients = int.MaxValue, MaxAttachments = int.MaxValue, MaxAttachmentBytes = long.MaxValue, MaxLetterBytes = long.MaxValue,
    };
}
