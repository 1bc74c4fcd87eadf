using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Utilities.Collections;
using Attribute = Org.BouncyCastle.Asn1.Cms.Attribute;
using AttributeTable = Org.BouncyCastle.Asn1.Cms.AttributeTable;

namespace DocAxis.Crypto.Signing;

/// <summary>
/// Makes detached CMS (PKCS#7) SignedData over bytes: the content is not encapsulated, only its
/// digest is signed, so the exact bytes travel beside the signature and any CMS implementation
/// (e.g. <c>openssl cms -verify -binary -content</c>) can check them.
/// </summary>
public static class DetachedSignature
{
    /// <param name="algorithm">A BouncyCastle algorithm name such as "SHA384WITHRSAANDMGF1"; null for the credential's SHA-256 default.</param>
    public static byte[] Create(byte[] content, SigningCredential credential, DateTimeOffset signingTime, string? algorithm = null)
    {
        // The signing time is a signed attribute, set from our clock rather than BouncyCastle's.
        var attributes = new Dictionary<DerObjectIdentifier, object>
        {
            [CmsAttributes.SigningTime] = new Attribute(CmsAttributes.SigningTime, new DerSet(new Time(signingTime.UtcDateTime))),
        };
        var signerInfo = new SignerInfoGeneratorBuilder()
            .WithSignedAttributeGenerator(new DefaultSignedAttributeTableGenerator(new AttributeTable(attributes)))
            .Build(credential.SignatureFactory(algorithm), credential.Certificate);

        var generator = new CmsSignedDataGenerator();
        generator.AddSignerInfoGenerator(signerInfo);
        generator.AddCertificates(CollectionUtilities.CreateStore([credential.Certificate, .. credential.Chain]));
        return generator.Generate(new CmsProcessableByteArray(content), encapsulate: false).GetEncoded(Asn1Encodable.Der);
    }
}
