namespace DocAxis.Crypto.Pki;

/// <summary>Key types the development CA can generate: those the algorithm policy accepts.</summary>
public enum KeySpec
{
    Rsa2048,
    Rsa3072,
    EcP256,
    EcP384,
}
