using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Hosting.Receiving;
using DocAxis.Hub.Delivery;
using DocAxis.Hub.Federation;
using DocAxis.Hub.Options;
using DocAxis.Hub.Telemetry;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Mapping;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub.Submission;

/// <summary>
/// The hub's end of a submission: the letter must come from its own sender's TLS identity, name
/// senders and recipients the directory knows and enables, and may amend only what its sender
/// sent; once committed with one delivery per recipient, the hub signs its acceptance.
/// </summary>
internal sealed class LetterIntake(
    HubStore store,
    BlobStore blobs,
    SignatureVerifier verifier,
    HubCredentials credentials,
    HubOptions options,
    DeliveryDispatcher dispatcher,
    Routes routes,
    Access.ActingAgencies acting,
    AuditTrail audit,
    HubMetrics metrics,
    TimeProvider time,
    ILogger<LetterIntake> logger)
    : LetterReceiver<SubmitRequest, SubmissionHeader, SignedAcceptance>(blobs, verifier, time)
{
    protected override string StreamName => "submission";

    protected override ExchangeLimits Limits { get; } = options.Limits.ToLimits();

    protected override SubmissionHeader? HeaderOf(SubmitRequest message) =>
        message.PartCase == SubmitRequest.PartOneofCase.Header ? message.Header : null;

    protected override AttachmentChunk? ChunkOf(SubmitRequest message) =>
        message.PartCase == SubmitRequest.PartOneofCase.Chunk ? message.Chunk : null;

    protected override (string EnvelopeId, SignedManifest? Signed) Identify(SubmissionHeader header) => (header.EnvelopeId, header.SignedManifest);

    protected override async Task CheckPartiesAsync(IncomingLetter<SubmissionHeader> incoming)
    {
        if (!await acting.ActsForAsync(incoming.Caller, incoming.Letter.Sender.Value))
        {
            throw new RefusalException(
                RefusalReason.ClientNotSender,
                $"The TLS client is \"{incoming.Caller.Identity}\", but the letter's sender is {incoming.Letter.Sender}; an agency (or the platform hosting it) submits only its own letters.",
                new Dictionary<string, string> { ["field"] = "manifest.sender.code", ["certificate"] = incoming.Caller.Certificate });
        }
    }

    protected override async Task<HeldLetter<SignedAcceptance>?> FindHeldAsync(IncomingLetter<SubmissionHeader> incoming) =>
        await store.Letters.FindEnvelopeAsync(incoming.EnvelopeId) is { } earlier
            ? new HeldLetter<SignedAcceptance>(
                earlier.ManifestSha256,
                SignedMapper.ToAcceptance(earlier.SignedAcceptance),
                $"Envelope id {earlier.Id} was already accepted for a different manifest; choose a new id for a new letter.")
            : null;

    protected override void AnsweredAgain(IncomingLetter<SubmissionHeader> incoming) =>
        HubLog.ResubmissionAnswered(logger, incoming.EnvelopeId, incoming.Caller.Identity);

    protected override async Task CheckBeforeContentAsync(IncomingLetter<SubmissionHeader> incoming, CancellationToken cancellationToken)
    {
        await CheckDirectoryAsync(incoming.Letter);
        await LetterReferences.CheckAsync(store, incoming.Letter);
    }

    protected override async Task<SignedAcceptance?> CommitAsync(
        IncomingLetter<SubmissionHeader> incoming, IReadOnlyList<StagedBlob> staged, CancellationToken cancellationToken)
    {
        var letter = incoming.Letter;
        var recipients = letter.Recipients.Select(r => r.Value).ToList();
        var acceptance = new Acceptance(incoming.EnvelopeId, incoming.ManifestSha256, letter.Sender.Value, recipients, Time.GetUtcNow(), credentials.Identity);
        var signed = SignedMapper.Sign(acceptance, credentials.Signing);
        var envelope = AcceptedLetters.Envelope(incoming, signed, acceptance.AcceptedAt);
        var attachments = AcceptedLetters.Attachments(letter, staged);

        if (!await store.Letters.AcceptAsync(new NewEnvelope(envelope, attachments, recipients, letter.BusinessReason, dispatcher.LeaseForNewLetter(), StagedBlob.InlineOf(staged))))
        {
            return null;
        }

        HubLog.LetterAccepted(logger, envelope.Id, envelope.SenderCode, letter.Recipients.Count, letter.TotalAttachmentSize);
        audit.Record(incoming.Caller.Identity, "Submit", "accepted", envelope.Id, detail: $"{letter.Recipients.Count} recipients, {letter.Attachments.Count} attachments, {letter.TotalAttachmentSize} bytes");
        metrics.Accepted(letter.TotalAttachmentSize, Time.GetElapsedTime(incoming.Started));
        await dispatcher.DispatchAcceptedAsync(envelope.Id, recipients);
        return SignedMapper.ToAcceptance(signed);
    }

    private async Task CheckDirectoryAsync(LetterManifest letter)
    {
        var sender = await store.Directory.GetAgencyAsync(letter.Sender);
        if (sender is not { Enabled: true })
        {
            throw new RefusalException(
                sender is null ? RefusalReason.AccessDenied : RefusalReason.AgencyDisabled,
                $"The sender {letter.Sender} is {(sender is null ? "not in the directory" : "disabled in the directory")} and may not send letters.",
                "manifest.sender.code");
        }

        for (var i = 0; i < letter.Recipients.Count; i++)
        {
            await routes.EnsureRoutableAsync(letter.Recipients[i], $"manifest.recipients[{i}].code", [credentials.Identity]);
        }
    }
}
