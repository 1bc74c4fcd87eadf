using System.Globalization;
using System.Text;
using DocAxis.Crypto.Signing;
using DocAxis.Storage;
using DocAxis.Storage.Audit;

namespace DocAxis.Hosting.Audit;

/// <summary>
/// Seals of the exchange log: a signed statement "the chain up to entry N has head hash H",
/// made by the hub with its signing key. A seal cannot be forged without that key, so a chain
/// rewritten after it (every hash recomputed) no longer matches it.
/// </summary>
public static class AuditSeals
{
    private const string Format = "docaxis.audit.seal.v1";

    public static AuditSeal Create(long seq, byte[] headHash, SigningCredential signer, DateTimeOffset at)
    {
        var body = Body(seq, headHash, at, signer.Identity);
        return new AuditSeal
        {
            Seq = seq,
            HeadHash = headHash,
            SealedAt = Epoch.ToMs(at),
            SealedBy = signer.Identity,
            Body = body,
            Signature = DetachedSignature.Create(body, signer, at),
        };
    }

    /// <summary>Why a seal is not genuine, or null: its body must state its row, and be signed by the identity it names.</summary>
    public static async Task<string?> ProblemAsync(AuditSeal seal, SignatureVerifier verifier, string expectedIdentity)
    {
        if (seal.SealedBy != expectedIdentity)
        {
            return $"it names \"{seal.SealedBy}\", not the hub \"{expectedIdentity}\"";
        }

        if (!seal.Body.AsSpan().SequenceEqual(Body(seal.Seq, seal.HeadHash, Epoch.FromMs(seal.SealedAt), seal.SealedBy)))
        {
            return "its signed statement does not match its entry number, head hash or time";
        }

        try
        {
            var signer = await verifier.VerifyAsync(seal.Body, seal.Signature, "audit seal", CancellationToken.None);
            return signer.Identity == expectedIdentity ? null : $"it is signed by \"{signer.Identity}\"";
        }
        catch (Core.RefusalException e)
        {
            return e.Message;
        }
    }

    private static byte[] Body(long seq, byte[] headHash, DateTimeOffset at, string identity) => Encoding.UTF8.GetBytes(string.Join('\n',
        Format,
        seq.ToString(CultureInfo.InvariantCulture),
        Convert.ToHexStringLower(headHash),
        Epoch.ToMs(at).ToString(CultureInfo.InvariantCulture),
        identity) + "\n");
}
