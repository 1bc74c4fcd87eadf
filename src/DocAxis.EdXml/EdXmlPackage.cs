using DocAxis.Contracts.V1;

namespace DocAxis.EdXml;

/// <summary>What a package is, as far as its header says: a letter or a status message.</summary>
public enum PackageKind
{
    Letter,
    Status,
}

/// <summary>
/// The header part of a package, read before any attachment content: for a letter, the Manifest it
/// maps to (attachments as the edXMLManifest references them, without sizes or digests yet); for a
/// status message, the status.
/// </summary>
public sealed record EdXmlPackage(PackageKind Kind, Manifest? Letter, StatusMessage? Status, IReadOnlyList<string> Notes);

/// <summary>Bounds on a package, from the node's options.</summary>
public sealed record EdXmlLimits
{
    /// <summary>The header, the manifest and each attachment's names are read into memory; nothing real comes close.</summary>
    public int MaxHeaderBytes { get; init; } = 1024 * 1024;

    public long MaxPackageBytes { get; init; } = long.MaxValue;

    /// <summary>
    /// An XMLDSig covers the whole document, attachments included, so verifying it needs the whole
    /// package in memory: packages up to this size are kept for it, larger ones are reported unverified.
    /// </summary>
    public int MaxVerifiedPackageBytes { get; init; } = 16 * 1024 * 1024;
}
