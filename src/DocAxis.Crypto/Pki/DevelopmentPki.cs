using DocAxis.Core.Agencies;

namespace DocAxis.Crypto.Pki;

/// <summary>
/// Creates the certificates a development or demo deployment needs: a root CA, the hub's TLS and
/// signing certificates, an operator's and an auditor's client certificates, and per agency a TLS and a signing
/// certificate whose subject carries the agency code.
/// </summary>
public sealed class DevelopmentPki(PkiLayout layout, TimeProvider time)
{
    public const string HubIdentity = "docaxis-hub";
    public const string OperatorIdentity = "docaxis-operator";
    public const string AuditorIdentity = "docaxis-auditor";

    public PkiLayout Layout => layout;

    /// <summary>Creates the root CA, hub, operator and auditor certificates, refusing to overwrite an existing CA.</summary>
    public CertificateAuthority Initialize()
    {
        if (File.Exists(layout.Authority.CertificatePath))
        {
            throw new IOException($"{layout.Authority.CertificatePath} already exists; refusing to replace an existing CA.");
        }

        var authority = CertificateAuthority.CreateRoot("DocAxis Development Root CA", time);
        authority.Root.WriteTo(layout.Authority.CertificatePath, layout.Authority.KeyPath);
        authority.Issue(new CertificateRequest(HubIdentity, "DocAxis Hub", CertificateProfile.TlsPeer))
            .WriteTo(layout.HubTls.CertificatePath, layout.HubTls.KeyPath);
        authority.Issue(new CertificateRequest(HubIdentity, "DocAxis Hub", CertificateProfile.Signing))
            .WriteTo(layout.HubSigning.CertificatePath, layout.HubSigning.KeyPath);
        authority.Issue(new CertificateRequest(OperatorIdentity, "DocAxis Operator", CertificateProfile.TlsClient))
            .WriteTo(layout.OperatorTls.CertificatePath, layout.OperatorTls.KeyPath);
        authority.Issue(new CertificateRequest(AuditorIdentity, "DocAxis Auditor", CertificateProfile.TlsClient))
            .WriteTo(layout.AuditorTls.CertificatePath, layout.AuditorTls.KeyPath);
        return authority;
    }

    public CertificateAuthority LoadAuthority() =>
        CertificateAuthority.Load(layout.Authority.CertificatePath, layout.Authority.KeyPath, time);

    /// <summary>Issues the TLS and signing certificates of one of several hubs that share this PKI.</summary>
    public void IssueHub(CertificateAuthority authority, string hubId, string name)
    {
        authority.Issue(new CertificateRequest(hubId, name, CertificateProfile.TlsPeer))
            .WriteTo(layout.PeerHubTls(hubId).CertificatePath, layout.PeerHubTls(hubId).KeyPath);
        authority.Issue(new CertificateRequest(hubId, name, CertificateProfile.Signing))
            .WriteTo(layout.PeerHubSigning(hubId).CertificatePath, layout.PeerHubSigning(hubId).KeyPath);
    }

    /// <summary>Issues the TLS certificate of a platform node that acts for the agencies it hosts.</summary>
    public void IssuePlatform(CertificateAuthority authority, string platformId, string name) =>
        authority.Issue(new CertificateRequest(platformId, name, CertificateProfile.TlsPeer))
            .WriteTo(layout.PlatformTls(platformId).CertificatePath, layout.PlatformTls(platformId).KeyPath);

    /// <summary>
    /// Issues signing certificates for many agencies into the key store (<see cref="PkiLayout.AgencyKeyStore"/>),
    /// sharing <paramref name="distinctKeys"/> key pairs among them: each agency gets its own
    /// certificate naming its code, but generating ten thousand RSA keys would take many minutes.
    /// For load tests of a platform node only.
    /// </summary>
    public void IssueSigningSharingKeys(CertificateAuthority authority, IReadOnlyList<(AgencyCode Code, string Name)> agencies, int distinctKeys)
    {
        var keys = new List<Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair>();
        for (var i = 0; i < agencies.Count; i++)
        {
            var (code, name) = agencies[i];
            var request = new CertificateRequest(code.Value, name, CertificateProfile.Signing);
            var issued = keys.Count < distinctKeys ? authority.Issue(request) : authority.Issue(request with { KeyPair = keys[i % distinctKeys] });
            if (keys.Count < distinctKeys)
            {
                keys.Add(new Org.BouncyCastle.Crypto.AsymmetricCipherKeyPair(issued.Certificate.GetPublicKey(), issued.PrivateKey));
            }

            var signing = layout.AgencySigning(code);
            issued.WriteTo(signing.CertificatePath, signing.KeyPath);
        }
    }

    /// <summary>Issues an agency's TLS and signing certificates with the given authority.</summary>
    public void IssueAgency(CertificateAuthority authority, AgencyCode code, string name)
    {
        var tls = layout.AgencyTls(code);
        var signing = layout.AgencySigning(code);
        authority.Issue(new CertificateRequest(code.Value, name, CertificateProfile.TlsPeer))
            .WriteTo(tls.CertificatePath, tls.KeyPath);
        authority.Issue(new CertificateRequest(code.Value, name, CertificateProfile.Signing))
            .WriteTo(signing.CertificatePath, signing.KeyPath);
    }
}
