using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using Agency = DocAxis.Core.Agencies.Agency;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using DocAxis.Hub.Options;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Mapping;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;

namespace DocAxis.Hub.Federation;

/// <summary>
/// Hands a letter for one recipient to the peer hub the directory routes it through: the sender's
/// manifest and signature unchanged, the hubs passed with this hub's acceptance appended, the
/// content streamed; the answer is the peer's signed acceptance, checked to be about this letter
/// and this recipient.
/// </summary>
internal sealed class LetterForwarder(
    HubStore store, BlobStore blobs, PeerChannels channels, HubCredentials credentials, SignatureVerifier verifier, HubOptions options, Routes routes)
{
    public async Task<SignedBytes> ForwardAsync(DeliveryKey key, StoredEnvelope envelope, Agency recipient, string hubId, CancellationToken cancellationToken)
    {
        var hops = Hops.Parse(envelope.Hops).Append(SignedMapper.ToAcceptance(envelope.SignedAcceptance)).ToList();
        var path = Hops.Read(hops, "hops");
        var peer = await routes.EnsureHubUsableAsync(recipient, hubId, "recipient_code", [.. path.Select(h => h.HubId)]);
        Hops.EnsurePathAllowed(path, peer.HubId, options.Federation.MaxHops, "recipient_code");

        var attachments = await store.Letters.GetAttachmentsAsync(key.EnvelopeId);
        var client = new FederationService.FederationServiceClient(channels.For(peer.Endpoint, credentials.Tls));
        using var call = client.Forward(cancellationToken: cancellationToken);
        var signed = await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new ForwardRequest
            {
                Header = new ForwardHeader
                {
                    EnvelopeId = key.EnvelopeId,
                    SignedManifest = SignedMapper.ToManifest(envelope.SignedManifest),
                    RecipientCodes = { key.RecipientCode },
                    Hops = { hops },
                },
            }, cancellationToken);
            await ChunkStreams.WriteAttachmentsAsync(
                blobs.ReadInOrder(attachments.Select(a => (a.Sha256, a.Size)), ChunkStreams.ChunkSize, false, cancellationToken),
                chunk => requests.WriteAsync(new ForwardRequest { Chunk = chunk }, cancellationToken),
                cancellationToken);
        });

        var acceptance = await SignedMapper.OpenAcceptanceAsync(verifier, signed, peer.HubId, cancellationToken);
        acceptance.EnsureFor(key.EnvelopeId, envelope.ManifestSha256, key.RecipientCode);
        return SignedMapper.FromAcceptance(signed);
    }
}
