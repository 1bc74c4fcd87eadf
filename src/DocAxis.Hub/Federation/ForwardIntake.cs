using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Hosting.Receiving;
using DocAxis.Hub.Delivery;
using DocAxis.Hub.Options;
using DocAxis.Hub.Submission;
using DocAxis.Hub.Telemetry;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Federation;

/// <summary>
/// The hub's end of a forward from a peer hub: the same letter, verified again as if its sender had
/// submitted it here, with the hubs it passed (each one's signed acceptance, checked for loops and
/// length before anything is read, and verified before it is stored) and the recipients this hub is
/// asked to reach. A letter held already is answered at once, after its deliveries for the named
/// recipients are added or re-queued.
/// </summary>
internal sealed class ForwardIntake(
    HubStore store,
    BlobStore blobs,
    SignatureVerifier verifier,
    HubCredentials credentials,
    HubOptions options,
    DeliveryDispatcher dispatcher,
    Routes routes,
    AuditTrail audit,
    HubMetrics metrics,
    TimeProvider time,
    ILogger<ForwardIntake> logger)
    : LetterReceiver<ForwardRequest, ForwardHeader, SignedAcceptance>(blobs, verifier, time)
{
    protected override string StreamName => "forward";

    protected override ExchangeLimits Limits { get; } = options.Limits.ToLimits();

    protected override ForwardHeader? HeaderOf(ForwardRequest message) =>
        message.PartCase == ForwardRequest.PartOneofCase.Header ? message.Header : null;

    protected override AttachmentChunk? ChunkOf(ForwardRequest message) =>
        message.PartCase == ForwardRequest.PartOneofCase.Chunk ? message.Chunk : null;

    protected override (string EnvelopeId, SignedManifest? Signed) Identify(ForwardHeader header) => (header.EnvelopeId, header.SignedManifest);

    protected override async ValueTask CheckCallerAsync(PeerIdentity caller)
    {
        if (await store.Peers.GetAsync(caller.Identity) is not { Enabled: true })
        {
            throw new RefusalException(
                RefusalReason.AccessDenied,
                $"\"{caller.Identity}\" is not an enabled peer hub of this hub; only peer hubs forward letters.",
                new Dictionary<string, string> { ["certificate"] = caller.Certificate });
        }
    }

    protected override Task CheckPartiesAsync(IncomingLetter<ForwardHeader> incoming)
    {
        _ = Recipients(incoming);
        var hops = Hops.Read(incoming.Header.Hops, "header.hops");
        if (hops.Count == 0 || hops[^1].HubId != incoming.Caller.Identity)
        {
            throw new RefusalException(
                RefusalReason.FieldInvalid,
                $"header.hops must end with the acceptance of the forwarding hub \"{incoming.Caller.Identity}\".",
                "header.hops");
        }

        Hops.EnsurePathAllowed(hops, credentials.Identity, options.Federation.MaxHops, "header.hops");
        return Task.CompletedTask;
    }

    protected override async Task<HeldLetter<SignedAcceptance>?> FindHeldAsync(IncomingLetter<ForwardHeader> incoming)
    {
        if (await store.Letters.FindEnvelopeAsync(incoming.EnvelopeId) is not { } earlier)
        {
            return null;
        }

        var conflict = $"Envelope id {earlier.Id} was already accepted for a different manifest; one envelope id names one letter end to end.";
        if (!earlier.ManifestSha256.AsSpan().SequenceEqual(incoming.ManifestSha256))
        {
            return new HeldLetter<SignedAcceptance>(earlier.ManifestSha256, SignedMapper.ToAcceptance(earlier.SignedAcceptance), conflict);
        }

        var recipients = Recipients(incoming);
        await CheckRoutesAsync(incoming, recipients);
        var acceptedAt = Storage.Epoch.FromMs(earlier.AcceptedAt);
        var due = await store.Letters.AddForwardedDeliveriesAsync(
            earlier.Id, [.. recipients.Select(r => r.Value)], incoming.Caller.Identity, Time.GetUtcNow(), all => Accept(incoming, all, acceptedAt));
        await dispatcher.DispatchAsync(due);
        var acceptance = Accept(incoming, [.. recipients.Select(r => r.Value)], acceptedAt);
        return new HeldLetter<SignedAcceptance>(earlier.ManifestSha256, SignedMapper.ToAcceptance(acceptance), conflict);
    }

    protected override void AnsweredAgain(IncomingLetter<ForwardHeader> incoming) =>
        HubLog.ForwardAnswered(logger, incoming.EnvelopeId, incoming.Caller.Identity);

    protected override async Task CheckBeforeContentAsync(IncomingLetter<ForwardHeader> incoming, CancellationToken cancellationToken)
    {
        // The sender is another hub's agency, unknown here perhaps; its signature says who it is. One
        // this directory disables may not send through it.
        if (await store.Directory.GetAgencyAsync(incoming.Letter.Sender) is { Enabled: false })
        {
            throw new RefusalException(
                RefusalReason.AgencyDisabled, $"The sender {incoming.Letter.Sender} is disabled in this hub's directory and may not send letters.", "manifest.sender.code");
        }

        await Hops.VerifyAsync(Verifier, incoming.Header.Hops, incoming.EnvelopeId, incoming.ManifestSha256, "header.hops", cancellationToken);
        await CheckRoutesAsync(incoming, Recipients(incoming));
        await LetterReferences.CheckAsync(store, incoming.Letter, Recipients(incoming));
    }

    protected override async Task<SignedAcceptance?> CommitAsync(
        IncomingLetter<ForwardHeader> incoming, IReadOnlyList<StagedBlob> staged, CancellationToken cancellationToken)
    {
        var letter = incoming.Letter;
        var recipients = Recipients(incoming).Select(r => r.Value).ToList();
        var signed = Accept(incoming, recipients, Time.GetUtcNow());
        var stored = AcceptedLetters.Envelope(incoming, signed, Time.GetUtcNow(), incoming.Caller.Identity, Hops.Serialize(incoming.Header.Hops));
        if (!await store.Letters.AcceptAsync(new NewEnvelope(
            stored, AcceptedLetters.Attachments(letter, staged), recipients, letter.BusinessReason, dispatcher.LeaseForNewLetter(), StagedBlob.InlineOf(staged))))
        {
            return null;
        }

        HubLog.LetterForwardedHere(logger, stored.Id, incoming.Caller.Identity, recipients.Count);
        audit.Record(incoming.Caller.Identity, "Forward", "accepted", stored.Id, detail: $"from {stored.SenderCode} for {string.Join(", ", recipients)}, {incoming.Header.Hops.Count} hubs passed");
        metrics.Accepted(letter.TotalAttachmentSize, Time.GetElapsedTime(incoming.Started));
        await dispatcher.DispatchAcceptedAsync(stored.Id, recipients);
        return SignedMapper.ToAcceptance(signed);
    }

    /// <summary>The recipients named in the header: each a recipient of the letter, once.</summary>
    private static IReadOnlyList<AgencyCode> Recipients(IncomingLetter<ForwardHeader> incoming)
    {
        var named = incoming.Header.RecipientCodes;
        if (named.Count == 0)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, "header.recipient_codes names no recipient.", "header.recipient_codes");
        }

        var codes = new List<AgencyCode>();
        for (var i = 0; i < named.Count; i++)
        {
            var field = $"header.recipient_codes[{i}]";
            var code = AgencyCode.Parse(named[i], field);
            if (!incoming.Letter.Recipients.Contains(code) || codes.Contains(code))
            {
                throw new RefusalException(
                    RefusalReason.FieldInvalid, $"{field} {code} is {(codes.Contains(code) ? "named twice" : "not a recipient of the letter")}.", field);
            }

            codes.Add(code);
        }

        return codes;
    }

    private async Task CheckRoutesAsync(IncomingLetter<ForwardHeader> incoming, IReadOnlyList<AgencyCode> recipients)
    {
        var passed = Hops.Read(incoming.Header.Hops, "header.hops").Select(h => h.HubId).Append(credentials.Identity).ToList();
        for (var i = 0; i < recipients.Count; i++)
        {
            await routes.EnsureRoutableAsync(recipients[i], $"header.recipient_codes[{i}]", passed);
        }
    }

    private SignedBytes Accept(IncomingLetter<ForwardHeader> incoming, IReadOnlyList<string> recipients, DateTimeOffset at) =>
        SignedMapper.Sign(new Acceptance(incoming.EnvelopeId, incoming.ManifestSha256, incoming.Letter.Sender.Value, recipients, at, credentials.Identity), credentials.Signing);
}
