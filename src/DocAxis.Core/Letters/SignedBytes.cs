using System.Security.Cryptography;

namespace DocAxis.Core.Letters;

/// <summary>
/// Bytes as their author serialized them and the detached CMS signature over exactly those bytes:
/// how a manifest, an acceptance or a delivery receipt travels and is kept. Nobody re-serializes
/// them; every party verifies the bytes it holds, then parses them.
/// </summary>
public sealed record SignedBytes(byte[] Content, byte[] Signature)
{
    public byte[] Sha256() => SHA256.HashData(Content);
}
