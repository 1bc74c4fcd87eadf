namespace DocAxis.Storage.Blobs;

/// <summary>Small content kept in the store's database rather than in files (see <see cref="BlobStore.InlineLimit"/>).</summary>
public interface IInlineContent
{
    /// <summary>The content with this SHA-256, or null if it is not kept in the database.</summary>
    Task<byte[]?> FindContentAsync(string sha256Hex, CancellationToken cancellationToken);
}
