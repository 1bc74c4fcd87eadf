namespace DocAxis.Transport.Tls;

/// <summary>A certificate (PEM, leaf first then intermediates) and its private key (PEM), for TLS or signing.</summary>
public sealed class CertificateOptions
{
    public string CertificatePath { get; set; } = string.Empty;

    public string KeyPath { get; set; } = string.Empty;
}
