using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using PeerHub = DocAxis.Core.Agencies.PeerHub;
using DocAxis.Core.Deliveries;
using DocAxis.Crypto.Signing;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Signing;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Federation;

/// <summary>
/// Applies one event a peer hub reported about a letter this hub forwarded to it. Only a letter
/// routed through that peer is touched; what proves an event (the next hub's acceptance, the
/// recipient's receipt and status reports) is verified here again, so no hub on the path can
/// invent a delivery. An event that contradicts this hub's state is logged and passed over, never
/// allowed to stop the ones after it.
/// </summary>
internal sealed class RelayedEventApplier(HubStore store, SignatureVerifier verifier, TimeProvider time, ILogger<RelayedEventApplier> logger)
{
    public async Task ApplyAsync(PeerHub peer, RelayedEvent relayed, CancellationToken cancellationToken)
    {
        var relay = new RelayOrigin(relayed.Event.HubId.Length > 0 ? relayed.Event.HubId : peer.HubId, $"{peer.HubId}:{relayed.Id}");
        var key = new DeliveryKey(relayed.EnvelopeId, relayed.RecipientCode);
        if (await store.Relayed.AppliedAsync(relay.Key))
        {
            return;
        }

        try
        {
            await ApplyAsync(peer, relayed, key, relay, cancellationToken);
        }
        catch (RefusalException e)
        {
            HubLog.RelayedEventRefused(logger, peer.HubId, relayed.Event.Kind.ToString(), relayed.EnvelopeId, relayed.RecipientCode, e.Message);
        }
    }

    private async Task ApplyAsync(PeerHub peer, RelayedEvent relayed, DeliveryKey key, RelayOrigin relay, CancellationToken cancellationToken)
    {
        var envelope = await store.Letters.FindEnvelopeAsync(key.EnvelopeId);
        var delivery = await store.Deliveries.GetDeliveryAsync(key);
        var recipient = AgencyCode.TryParse(key.RecipientCode, out var code) ? await store.Directory.GetAgencyAsync(code) : null;
        // The forward may be recorded here after the peer already reported on it (a crash in between): the route names the peer too.
        if (envelope is null || delivery is null || (delivery.ForwardedTo != peer.HubId && recipient?.ViaHub != peer.HubId))
        {
            throw new RefusalException(RefusalReason.EnvelopeUnknown, $"This hub did not forward letter {key.EnvelopeId} for {key.RecipientCode} to hub {peer.HubId}.");
        }

        var e = relayed.Event;
        var at = time.GetUtcNow();
        var attempt = (int)e.Attempt;
        switch (e.Kind)
        {
            case TraceEventKind.Accepted:
                // The next hub holds the letter: this hub's forward is recorded even if it stopped before recording it itself.
                var held = e.HopAcceptance ?? throw Unproven(peer, "an acceptance", key);
                var confirmed = await SignedMapper.OpenAcceptanceAsync(verifier, held, peer.HubId, cancellationToken);
                confirmed.EnsureFor(key.EnvelopeId, envelope.ManifestSha256, key.RecipientCode);
                await store.Relayed.ForwardedAsync(key, peer.HubId, SignedMapper.FromAcceptance(held), at, relay with { HubId = null });
                break;
            case TraceEventKind.Forwarded:
                var hop = e.HopAcceptance ?? throw Unproven(peer, "a forward", key);
                var acceptance = await SignedMapper.OpenAcceptanceAsync(verifier, hop, e.Detail, cancellationToken);
                acceptance.EnsureFor(key.EnvelopeId, envelope.ManifestSha256, key.RecipientCode);
                await store.Relayed.NoteAsync(key, DeliveryEventKind.Forwarded, at, relay, attempt, e.Detail, SignedMapper.FromAcceptance(hop));
                break;
            case TraceEventKind.AttemptFailed:
                await store.Relayed.NoteAsync(key, DeliveryEventKind.AttemptFailed, at, relay, attempt, e.Detail, proof: null);
                break;
            case TraceEventKind.Requeued:
                await store.Relayed.NoteAsync(key, DeliveryEventKind.Requeued, at, relay, attempt: null, e.Detail, proof: null);
                break;
            case TraceEventKind.Failed:
                await store.Relayed.FailedAsync(key, Math.Max(attempt, 1), e.Detail, at, relay);
                break;
            case TraceEventKind.Delivered:
                var signed = relayed.Receipt ?? throw Unproven(peer, "a delivery", key);
                var receipt = await SignedMessages.OpenAsync(verifier, signed.Body, signed.Signature, key.RecipientCode, DeliveryReceipt.Parser, "delivery receipt", cancellationToken);
                if (receipt.EnvelopeId != key.EnvelopeId || receipt.RecipientCode != key.RecipientCode || !receipt.ManifestSha256.Span.SequenceEqual(envelope.ManifestSha256))
                {
                    throw new RefusalException(RefusalReason.ReceiptInvalid, $"The delivery receipt hub {peer.HubId} relayed does not match letter {key.EnvelopeId} for {key.RecipientCode}.");
                }

                await store.Relayed.DeliveredAsync(key, Math.Max(attempt, 1), SignedMapper.FromDeliveryReceipt(signed), at, relay);
                break;
            case TraceEventKind.Status when e.StatusCode != ProcessingStatus.RecallRequested.Code:
                var signedReport = relayed.Report ?? throw Unproven(peer, $"status {e.StatusCode}", key);
                var report = await SignedMessages.OpenAsync(verifier, signedReport.Body, signedReport.Signature, key.RecipientCode, StatusReport.Parser, "status report", cancellationToken);
                if (report.EnvelopeId != key.EnvelopeId || report.RecipientCode != key.RecipientCode)
                {
                    throw new RefusalException(RefusalReason.ReceiptInvalid, $"The status report hub {peer.HubId} relayed is not about letter {key.EnvelopeId} for {key.RecipientCode}.");
                }

                await store.Statuses.RecordStatusAsync(new NewStatusReport(
                    report.ReportId, key, ProcessingStatus.Parse(report.StatusCode), report.Description, signedReport.Body.ToByteArray(), signedReport.Signature.ToByteArray(), at, relay));
                break;
            default:
                // Amendments and recall requests are recorded at each hub as it accepts the amending letter itself.
                break;
        }
    }

    private static RefusalException Unproven(PeerHub peer, string what, DeliveryKey key) =>
        new(RefusalReason.ReceiptInvalid, $"Hub {peer.HubId} reported {what} of letter {key.EnvelopeId} for {key.RecipientCode} without what proves it.");
}
