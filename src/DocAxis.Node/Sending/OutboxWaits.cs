namespace DocAxis.Node.Sending;

/// <summary>How long the outbox's loops sleep when nothing is due now.</summary>
internal static class OutboxWaits
{
    /// <summary>Until work due at <paramref name="next"/>: no less than nothing, no more than a poll.</summary>
    public static TimeSpan Until(DateTimeOffset? next, DateTimeOffset now, TimeSpan poll)
    {
        var wait = next is { } due ? due - now : poll;
        return wait < TimeSpan.Zero ? TimeSpan.Zero : wait > poll ? poll : wait;
    }
}
