namespace DocAxis.Crypto;

/// <summary>
/// The exceptions BouncyCastle throws when the bytes it is given are not well-formed: a corrupted
/// certificate, an impossible key, a truncated ASN.1 structure. Input from other parties is untrusted,
/// so these mean "refuse", never "crash".
/// </summary>
internal static class UntrustedInput
{
    public static bool IsMalformed(Exception exception) => exception is
        IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException
        or OverflowException or IndexOutOfRangeException or NotSupportedException
        or Org.BouncyCastle.Security.SecurityUtilityException
        or Org.BouncyCastle.Security.GeneralSecurityException
        or Org.BouncyCastle.Crypto.CryptoException
        or Org.BouncyCastle.Cms.CmsException
        or Org.BouncyCastle.Pkix.PkixCertPathValidatorException;
}
