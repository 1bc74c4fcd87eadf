using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace DocAxis.Testing;

/// <summary>Keys the product never makes, for tests that check they are refused.</summary>
public static class WeakKeys
{
    /// <summary>An RSA key of 1,024 bits, below the algorithm policy's minimum.</summary>
    public static AsymmetricCipherKeyPair Rsa1024()
    {
        var rsa = new RsaKeyPairGenerator();
        rsa.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(0x10001), new SecureRandom(), 1024, 80));
        return rsa.GenerateKeyPair();
    }
}
