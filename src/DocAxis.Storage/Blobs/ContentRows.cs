using Dapper;

namespace DocAxis.Storage.Blobs;

/// <summary>The <c>contents</c> table the hub and the nodes share in shape: small content by its SHA-256.</summary>
internal static class ContentRows
{
    /// <summary>Stores an <see cref="InlineContent"/>; content already there is kept (the same bytes, by its digest).</summary>
    public const string InsertIfAbsent = "INSERT INTO contents (sha256, content) VALUES (@Sha256Hex, @Content) ON CONFLICT (sha256) DO NOTHING";

    public static async Task<byte[]?> FindAsync(Database database, string sha256Hex, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<byte[]>(
            new CommandDefinition("SELECT content FROM contents WHERE sha256 = @sha256", new { sha256 = sha256Hex }, cancellationToken: cancellationToken));
    }
}
