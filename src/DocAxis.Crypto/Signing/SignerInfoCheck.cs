using System.Security.Cryptography;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X9;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.X509;
using AlgorithmIdentifier = Org.BouncyCastle.Asn1.X509.AlgorithmIdentifier;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace DocAxis.Crypto.Signing;

/// <summary>
/// Checks a CMS SignerInfo as RFC 5652 §5.4 and §11 ask (one content-type attribute naming the
/// signed content's type, one message-digest attribute equal to the digest of the bytes received,
/// the signature over the DER of the signed attributes) with .NET's OpenSSL-backed RSA and ECDSA.
/// OpenSSL, because BouncyCastle's managed big-integer arithmetic is many times slower and every
/// letter is verified at the hub and again at the node (docs/performance.md). BouncyCastle still
/// parses the CMS; forms .NET cannot express (a PSS salt other than the hash length, a signature
/// algorithm whose hash differs from the digest algorithm) are left to BouncyCastle's own check.
/// </summary>
internal static class SignerInfoCheck
{
    private enum Form
    {
        RsaPkcs1,
        RsaPss,
        Ecdsa,
    }

    private static readonly Dictionary<DerObjectIdentifier, HashAlgorithmName> Hashes = new()
    {
        [NistObjectIdentifiers.IdSha256] = HashAlgorithmName.SHA256,
        [NistObjectIdentifiers.IdSha384] = HashAlgorithmName.SHA384,
        [NistObjectIdentifiers.IdSha512] = HashAlgorithmName.SHA512,
    };

    private static readonly Dictionary<DerObjectIdentifier, (Form Form, HashAlgorithmName Hash)> NamedSignatures = new()
    {
        [PkcsObjectIdentifiers.Sha256WithRsaEncryption] = (Form.RsaPkcs1, HashAlgorithmName.SHA256),
        [PkcsObjectIdentifiers.Sha384WithRsaEncryption] = (Form.RsaPkcs1, HashAlgorithmName.SHA384),
        [PkcsObjectIdentifiers.Sha512WithRsaEncryption] = (Form.RsaPkcs1, HashAlgorithmName.SHA512),
        [X9ObjectIdentifiers.ECDsaWithSha256] = (Form.Ecdsa, HashAlgorithmName.SHA256),
        [X9ObjectIdentifiers.ECDsaWithSha384] = (Form.Ecdsa, HashAlgorithmName.SHA384),
        [X9ObjectIdentifiers.ECDsaWithSha512] = (Form.Ecdsa, HashAlgorithmName.SHA512),
    };

    /// <summary>True if <paramref name="signer"/>'s key made this SignerInfo over <paramref name="content"/>.</summary>
    /// <exception cref="CmsException">The SignerInfo breaks a rule of RFC 5652 or its key does not fit its algorithm.</exception>
    public static bool Verify(SignerInformation info, X509Certificate signer, byte[] content)
    {
        if (!Hashes.TryGetValue(info.DigestAlgorithmID.Algorithm, out var hash) || FormOf(info.SignatureAlgorithm, hash) is not { } form)
        {
            return info.Verify(signer.GetPublicKey());
        }

        var signed = content;
        if (info.SignedAttributes is { } attributes)
        {
            CheckContentType(info, attributes);
            if (!MessageDigestMatches(info, attributes, hash, content))
            {
                return false;
            }

            SingleSignedValue(info, attributes, CmsAttributes.SigningTime, "signing-time");
            if (attributes.GetAll(CmsAttributes.CounterSignature).Count > 0)
            {
                throw new CmsException("A countersignature attribute must not be a signed attribute.");
            }

            signed = info.GetEncodedSignedAttributes();
        }

        var signature = info.GetSignature();
        try
        {
            return form switch
            {
                Form.RsaPkcs1 => VerificationKeys.With<RSA>(signer, rsa => rsa.VerifyData(signed, signature, hash, RSASignaturePadding.Pkcs1)),
                Form.RsaPss => VerificationKeys.With<RSA>(signer, rsa => rsa.VerifyData(signed, signature, hash, RSASignaturePadding.Pss)),
                _ => VerificationKeys.With<ECDsa>(signer, ecdsa => ecdsa.VerifyData(signed, signature, hash, DSASignatureFormat.Rfc3279DerSequence)),
            };
        }
        catch (CryptographicException e)
        {
            throw new CmsException($"The signer's key does not fit the signature algorithm: {e.Message}", e);
        }
    }

    /// <summary>How .NET is to check this signature algorithm, or null for a form left to BouncyCastle.</summary>
    private static Form? FormOf(AlgorithmIdentifier algorithm, HashAlgorithmName hash)
    {
        var oid = algorithm.Algorithm;
        if (oid.Equals(PkcsObjectIdentifiers.RsaEncryption))
        {
            return Form.RsaPkcs1;
        }

        if (oid.Equals(X9ObjectIdentifiers.IdECPublicKey))
        {
            return Form.Ecdsa;
        }

        if (NamedSignatures.TryGetValue(oid, out var named))
        {
            return named.Hash == hash ? named.Form : null;
        }

        return oid.Equals(PkcsObjectIdentifiers.IdRsassaPss) && IsPlainPss(algorithm, hash) ? Form.RsaPss : null;
    }

    /// <summary>PSS as .NET makes it: MGF1 and the salt both on the digest's hash, trailer 0xBC.</summary>
    private static bool IsPlainPss(AlgorithmIdentifier algorithm, HashAlgorithmName hash)
    {
        if (algorithm.Parameters is null)
        {
            return false;
        }

        var pss = RsassaPssParameters.GetInstance(algorithm.Parameters);
        var mgfHash = pss.MaskGenAlgorithm.Algorithm.Equals(PkcsObjectIdentifiers.IdMgf1)
            ? AlgorithmIdentifier.GetInstance(pss.MaskGenAlgorithm.Parameters).Algorithm
            : null;
        return Hashes.TryGetValue(pss.HashAlgorithm.Algorithm, out var pssHash) && pssHash == hash
            && mgfHash is not null && mgfHash.Equals(pss.HashAlgorithm.Algorithm)
            && pss.SaltLength.IntValueExact == HashLength(hash)
            && pss.TrailerField.Equals(RsassaPssParameters.DefaultTrailerField);
    }

    private static void CheckContentType(SignerInformation info, AttributeTable attributes)
    {
        var value = SingleSignedValue(info, attributes, CmsAttributes.ContentType, "content-type")
            ?? throw new CmsException("The content-type attribute must be present whenever signed attributes are present.");
        if (value is not DerObjectIdentifier type || !type.Equals(info.ContentType))
        {
            throw new CmsException("The content-type attribute does not name the signed content's type.");
        }
    }

    /// <summary>False if the signed digest is of other bytes: the content was altered on its way.</summary>
    private static bool MessageDigestMatches(SignerInformation info, AttributeTable attributes, HashAlgorithmName hash, byte[] content)
    {
        var value = SingleSignedValue(info, attributes, CmsAttributes.MessageDigest, "message-digest")
            ?? throw new CmsException("The message-digest attribute must be present whenever signed attributes are present.");
        if (value is not Asn1OctetString signedDigest)
        {
            throw new CmsException("The message-digest attribute is not an OCTET STRING.");
        }

        return CryptographicOperations.FixedTimeEquals(CryptographicOperations.HashData(hash, content), signedDigest.GetOctets());
    }

    /// <summary>The one value of a signed attribute that may occur once, or null if it is absent.</summary>
    private static Asn1Object? SingleSignedValue(SignerInformation info, AttributeTable attributes, DerObjectIdentifier type, string name)
    {
        if (info.UnsignedAttributes is { } unsigned && unsigned.GetAll(type).Count > 0)
        {
            throw new CmsException($"The {name} attribute must not be an unsigned attribute.");
        }

        var found = attributes.GetAll(type);
        return found.Count switch
        {
            0 => null,
            1 when found[0] is Attribute { AttrValues.Count: 1 } attribute => attribute.AttrValues[0].ToAsn1Object(),
            1 => throw new CmsException($"The {name} attribute must have exactly one value."),
            _ => throw new CmsException($"The signed attributes must not hold the {name} attribute more than once."),
        };
    }

    private static int HashLength(HashAlgorithmName hash) => hash.Name switch
    {
        "SHA256" => 32,
        "SHA384" => 48,
        _ => 64,
    };
}
