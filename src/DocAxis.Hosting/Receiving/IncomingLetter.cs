using DocAxis.Core.Letters;
using DocAxis.Transport.Peers;
using WireManifest = DocAxis.Contracts.V1.Manifest;

namespace DocAxis.Hosting.Receiving;

/// <summary>A letter being received: who sends it, its header, and its signed manifest opened (not yet verified).</summary>
/// <param name="Manifest">The manifest as sent, for the fields the domain's view leaves out (the sender's name).</param>
/// <param name="Started">When the call began (<see cref="TimeProvider.GetTimestamp"/>), for its duration.</param>
public sealed record IncomingLetter<THeader>(
    PeerIdentity Caller, THeader Header, string EnvelopeId, SignedBytes Signed, byte[] ManifestSha256, WireManifest Manifest, LetterManifest Letter, long Started);

/// <summary>A letter a receiver already holds: its manifest's digest, the answer it gave, and the sentence that refuses another letter under its id.</summary>
public sealed record HeldLetter<TAnswer>(byte[] ManifestSha256, TAnswer Answer, string Conflict);
