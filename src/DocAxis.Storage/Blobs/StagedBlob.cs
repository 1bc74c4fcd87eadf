namespace DocAxis.Storage.Blobs;

/// <summary>Content written to staging and flushed to disk, with its digest and size.</summary>
public sealed record StagedBlob(string Path, byte[] Sha256, long Size)
{
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);
}
