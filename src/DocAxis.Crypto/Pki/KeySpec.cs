namespace DocAxis.Crypto.Pki;

/// <summary>Key types the development CA can generate. Rsa1024 exists to test that weak keys are refused.</summary>
public enum KeySpec
{
    Rsa2048,
    Rsa3072,
    Rsa1024,
    EcP256,
    EcP384,
}
