using DocAxis.Core.Agencies;

namespace DocAxis.Core.Statistics;

/// <summary>What a statistics run learns from one event of a delivery's timeline.</summary>
public enum ExchangeFactKind
{
    /// <summary>A letter was accepted (counted once per letter, not per recipient).</summary>
    LetterSent,

    /// <summary>The recipient's node confirmed receipt.</summary>
    Delivered,

    /// <summary>The hub gave up delivering to one recipient.</summary>
    Failed,

    /// <summary>The recipient's DMS reported 01 arrived.</summary>
    Arrived,

    /// <summary>The recipient's DMS reported 06 completed.</summary>
    Completed,
}

/// <summary>One event, with who sent the letter, who it was for, and when it was accepted.</summary>
/// <param name="Sender">The sender's agency code, as stored (already validated when the letter was accepted).</param>
/// <param name="SenderLevel">Null if the agency has left the directory: it then counts nationally only.</param>
public sealed record ExchangeFact(
    ExchangeFactKind Kind,
    DateTimeOffset At,
    DateTimeOffset AcceptedAt,
    string Sender,
    GovernmentLevel? SenderLevel,
    string Recipient,
    GovernmentLevel? RecipientLevel);
