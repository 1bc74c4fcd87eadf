using DocAxis.Core;
using DocAxis.Crypto.Signing;
using Google.Protobuf;

namespace DocAxis.Transport.Signing;

/// <summary>
/// Receipts and status reports are signed like manifests: serialized once, signed as bytes, and
/// verified as the bytes received before they are parsed.
/// </summary>
public static class SignedMessages
{
    public static (ByteString Body, ByteString Signature) Sign(IMessage message, SigningCredential credential, DateTimeOffset at)
    {
        var body = message.ToByteArray();
        return (ByteString.CopyFrom(body), ByteString.CopyFrom(DetachedSignature.Create(body, credential, at)));
    }

    /// <summary>Verifies <paramref name="signature"/> over <paramref name="body"/>, made by <paramref name="expectedIdentity"/>, then parses it.</summary>
    public static async Task<T> OpenAsync<T>(
        SignatureVerifier verifier, ByteString body, ByteString signature, string expectedIdentity, MessageParser<T> parser, string what,
        CancellationToken cancellationToken)
        where T : IMessage<T>
    {
        var verified = await verifier.VerifyAsync(body.ToByteArray(), signature.ToByteArray(), what, cancellationToken);
        if (verified.Identity != expectedIdentity)
        {
            throw new RefusalException(
                RefusalReason.SignerNotSender,
                $"The {what} is signed by \"{verified.Identity}\" ({verified.SignerDescription}), not by {expectedIdentity}.",
                new Dictionary<string, string> { ["certificate"] = verified.SignerDescription });
        }

        try
        {
            return parser.ParseFrom(body);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new RefusalException(RefusalReason.MalformedMessage, $"The {what} is not a valid {typeof(T).Name}: {e.Message}");
        }
    }
}
