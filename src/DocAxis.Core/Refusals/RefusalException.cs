namespace DocAxis.Core;

/// <summary>
/// A refusal the caller can act on: a stable reason, a sentence naming the fault, and the field,
/// certificate or limit concerned. Hosts turn it into a gRPC status in one place.
/// </summary>
public sealed class RefusalException : Exception
{
    public RefusalException(RefusalReason reason, string message, string? field = null)
        : base(message)
    {
        Reason = reason;
        if (field is not null)
        {
            Details = new Dictionary<string, string> { ["field"] = field };
        }
    }

    public RefusalException(RefusalReason reason, string message, IReadOnlyDictionary<string, string> details)
        : base(message)
    {
        Reason = reason;
        Details = details;
    }

    public RefusalReason Reason { get; }

    /// <summary>Machine-readable context, e.g. <c>field</c>, <c>certificate</c>, <c>limit</c>.</summary>
    public IReadOnlyDictionary<string, string> Details { get; } = new Dictionary<string, string>();
}
