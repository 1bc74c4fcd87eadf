namespace DocAxis.Storage.Blobs;

/// <summary>
/// Received content with its digest and size: either a staging file flushed to disk
/// (<see cref="Path"/>) or, for small content, the bytes themselves (<see cref="Content"/>), which
/// the database row that refers to them stores in the same commit.
/// </summary>
public sealed record StagedBlob(string? Path, byte[] Sha256, long Size, byte[]? Content = null)
{
    public string Sha256Hex => Convert.ToHexStringLower(Sha256);

    /// <summary>The content of these that is kept in memory, for the database row to store.</summary>
    public static IReadOnlyList<InlineContent> InlineOf(IEnumerable<StagedBlob> staged) =>
        [.. staged.Where(s => s.Content is not null).Select(s => new InlineContent(s.Sha256Hex, s.Content!))];

    /// <summary>Removes the staging file, if there is one.</summary>
    public void Discard()
    {
        if (Path is not null)
        {
            File.Delete(Path);
        }
    }
}

/// <summary>Small content, stored in the database in the same commit as the letter that carries it.</summary>
public sealed record InlineContent(string Sha256Hex, byte[] Content);
