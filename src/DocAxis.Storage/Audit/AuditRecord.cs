namespace DocAxis.Storage.Audit;

/// <summary>One entry of a hub's or node's exchange log.</summary>
/// <param name="Actor">Who acted: an agency code, "docaxis-operator", the hub itself, or a peer address.</param>
/// <param name="Action">What was attempted, e.g. "Submit", "GetTrace", "PutAgency", "Deliver".</param>
/// <param name="Outcome">"accepted", "refused", "changed", "delivered", "failed"...</param>
/// <param name="Reason">For a refusal, its stable reason (e.g. "ACCESS_DENIED").</param>
public sealed record AuditRecord(
    DateTimeOffset At, string Actor, string Action, string Outcome, string? EnvelopeId = null, string? Reason = null, string? Detail = null);
