using System.Security.Cryptography;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Crypto;
using DocAxis.Crypto.Signing;
using DocAxis.Storage.Blobs;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;
using Grpc.Core;
using RefusalReason = DocAxis.Core.RefusalReason;

namespace DocAxis.Hosting.Receiving;

/// <summary>
/// The steps every receiver of a signed letter takes (the hub taking a submission, a recipient's
/// node taking a delivery), in the order that makes a refused letter cheapest: read the header,
/// open the signed manifest, check who sends it to whom, answer a letter already held with its
/// first answer, check the manifest's rules and the sender's signature and whatever else the
/// receiver checks, stream the attachments into staging against their signed digests, promote
/// them, and commit and answer. What differs between receivers (the peer's checks, what is
/// written, which receipt is signed) is what a subclass supplies.
/// </summary>
public abstract class LetterReceiver<TMessage, THeader, TAnswer>(BlobStore blobs, SignatureVerifier verifier, TimeProvider time)
    where THeader : class
    where TAnswer : class
{
    protected SignatureVerifier Verifier => verifier;

    protected TimeProvider Time => time;

    /// <summary>What refusals call the stream: "submission", "delivery".</summary>
    protected abstract string StreamName { get; }

    /// <summary>The limits letters are held to here.</summary>
    protected abstract ExchangeLimits Limits { get; }

    protected abstract THeader? HeaderOf(TMessage message);

    protected abstract AttachmentChunk? ChunkOf(TMessage message);

    /// <summary>The header's envelope id and signed manifest.</summary>
    protected abstract (string EnvelopeId, SignedManifest? Signed) Identify(THeader header);

    /// <summary>Refuses a caller that may not send letters here at all, before anything is read.</summary>
    protected virtual ValueTask CheckCallerAsync(PeerIdentity caller) => ValueTask.CompletedTask;

    /// <summary>Who sends the letter to whom: refused here, before its signature costs anything.</summary>
    protected abstract Task CheckPartiesAsync(IncomingLetter<THeader> incoming);

    /// <summary>The letter as this receiver already holds it, with the answer it gave then; null if new.</summary>
    protected abstract Task<HeldLetter<TAnswer>?> FindHeldAsync(IncomingLetter<THeader> incoming);

    /// <summary>What else the receiver checks before the content is streamed.</summary>
    protected abstract Task CheckBeforeContentAsync(IncomingLetter<THeader> incoming, CancellationToken cancellationToken);

    /// <summary>Commits the letter with its promoted content and returns the signed answer; null if the same letter was committed first.</summary>
    protected abstract Task<TAnswer?> CommitAsync(IncomingLetter<THeader> incoming, IReadOnlyList<StagedBlob> staged, CancellationToken cancellationToken);

    /// <summary>Logs that a letter already held was answered again (each receiver has its stable event).</summary>
    protected abstract void AnsweredAgain(IncomingLetter<THeader> incoming);

    public async Task<TAnswer> ReceiveAsync(ServerCallContext context, IAsyncStreamReader<TMessage> stream)
    {
        var started = time.GetTimestamp();
        var cancellationToken = context.CancellationToken;
        var caller = context.Caller();
        await CheckCallerAsync(caller);
        var header = await ChunkStreams.ReadHeaderAsync(stream, HeaderOf, StreamName, cancellationToken);
        var (envelopeId, signed) = Identify(header);
        context.About(envelopeId);
        var incoming = Open(caller, header, envelopeId, signed, started);
        await CheckPartiesAsync(incoming);
        if (await AnswerHeldAsync(incoming) is { } again)
        {
            await ChunkStreams.DrainAsync(stream, cancellationToken);
            return again;
        }

        ManifestRules.Validate(incoming.Letter, Limits);
        await VerifySenderAsync(incoming, cancellationToken);
        await CheckBeforeContentAsync(incoming, cancellationToken);
        var chunks = ChunkStreams.ReadChunksAsync(stream, ChunkOf, StreamName, cancellationToken);
        var staged = await AttachmentIntake.ReceiveAsync(blobs, ExpectedContent.Of(incoming.Letter), chunks, Limits.MaxAttachmentBytes, cancellationToken);

        // Content is promoted before the row that refers to it is committed; a crash in between
        // leaves an unreferenced blob, never a letter without its content.
        foreach (var blob in staged)
        {
            blobs.Promote(blob);
        }

        return await CommitAsync(incoming, staged, cancellationToken)
            ?? await AnswerHeldAsync(incoming)
            ?? throw new InvalidOperationException($"Letter {envelopeId} was neither committed nor found committed.");
    }

    private static IncomingLetter<THeader> Open(PeerIdentity caller, THeader header, string envelopeId, SignedManifest? wire, long started)
    {
        var signed = SignedMapper.FromManifest(wire, "header.signed_manifest");
        var manifest = ManifestMapper.Parse(signed.Content);
        var letter = ManifestMapper.ToDomain(manifest);
        if (envelopeId != letter.EnvelopeId.ToString())
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"header.envelope_id \"{envelopeId}\" differs from manifest.envelope_id \"{letter.EnvelopeId}\".", "header.envelope_id");
        }

        return new IncomingLetter<THeader>(caller, header, envelopeId, signed, signed.Sha256(), manifest, letter, started);
    }

    /// <summary>The first answer for a letter held with the same manifest bytes; a different letter under its id is refused.</summary>
    private async Task<TAnswer?> AnswerHeldAsync(IncomingLetter<THeader> incoming)
    {
        if (await FindHeldAsync(incoming) is not { } held)
        {
            return null;
        }

        if (!CryptographicOperations.FixedTimeEquals(held.ManifestSha256, incoming.ManifestSha256))
        {
            throw new RefusalException(RefusalReason.EnvelopeIdReused, held.Conflict, "header.envelope_id");
        }

        AnsweredAgain(incoming);
        return held.Answer;
    }

    private async Task VerifySenderAsync(IncomingLetter<THeader> incoming, CancellationToken cancellationToken)
    {
        var signer = await verifier.VerifyAsync(incoming.Signed.Content, incoming.Signed.Signature, "manifest", cancellationToken);
        if (signer.Identity != incoming.Letter.Sender.Value)
        {
            throw new RefusalException(
                RefusalReason.SignerNotSender,
                $"The manifest is signed by \"{signer.Identity}\" ({signer.SignerDescription}), not by the sender {incoming.Letter.Sender}.",
                new Dictionary<string, string> { ["field"] = "manifest.sender.code", ["certificate"] = signer.SignerDescription });
        }
    }
}
