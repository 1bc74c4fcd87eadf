using DocAxis.Core.Letters;

namespace DocAxis.Hub.Options;

/// <summary>Size limits on letters, section "Hub:Limits".</summary>
public sealed class LimitOptions
{
    public int MaxRecipients { get; set; } = new ExchangeLimits().MaxRecipients;

    public int MaxAttachments { get; set; } = new ExchangeLimits().MaxAttachments;

    public long MaxAttachmentBytes { get; set; } = new ExchangeLimits().MaxAttachmentBytes;

    public long MaxLetterBytes { get; set; } = new ExchangeLimits().MaxLetterBytes;

    public ExchangeLimits ToLimits() => new()
    {
        MaxRecipients = MaxRecipients,
        MaxAttachments = MaxAttachments,
        MaxAttachmentBytes = MaxAttachmentBytes,
        MaxLetterBytes = MaxLetterBytes,
    };
}
