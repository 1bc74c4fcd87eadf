using System.Data.Common;
using Dapper;

namespace DocAxis.Storage;

/// <summary>
/// Numbered SQL files embedded per provider and schema (Migrations/&lt;Provider&gt;/&lt;Schema&gt;/NNNN_name.sql),
/// applied in order on start-up, each in its own transaction and recorded in schema_version.
/// Files are only ever added, never edited. A file may be split into statements by lines reading
/// exactly "--;;", for providers that take one statement per command.
/// </summary>
public static partial class Migrations
{
    public static async Task<int> ApplyAsync(DbConnection connection, Database database, string schema, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(database.CreateSchemaVersionTable);
        var count = 0;
        foreach (var (version, name, sql) in Load(database.Provider.ToString(), schema))
        {
            await using var transaction = await database.BeginWriteAsync(connection, cancellationToken);
            // Re-read inside the transaction: another instance may have applied it meanwhile.
            var applied = await connection.ExecuteScalarAsync<long>(
                "SELECT COUNT(*) FROM schema_version WHERE version = @version", new { version }, transaction);
            if (applied > 0)
            {
                continue;
            }

            foreach (var statement in Statements(sql))
            {
                await connection.ExecuteAsync(statement, transaction: transaction);
            }

            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt)",
                new { version, name, appliedAt = now.ToString("O") },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            count++;
        }

        return count;
    }

    /// <summary>A migration's statements, as split by its "--;;" lines, leaving out pieces that are only comments.</summary>
    public static IEnumerable<string> Statements(string sql) => Separator().Split(sql).Where(HasCode);

    /// <summary>Whether a piece holds a statement rather than only comments.</summary>
    private static bool HasCode(string piece) =>
        piece.Split('\n').Any(line => line.Trim() is { Length: > 0 } text && !text.StartsWith("--", StringComparison.Ordinal));

    [System.Text.RegularExpressions.GeneratedRegex(@"^--;;[ \t]*\r?$", System.Text.RegularExpressions.RegexOptions.Multiline)]
    private static partial System.Text.RegularExpressions.Regex Separator();

    /// <summary>The migrations embedded for a provider and schema, in version order.</summary>
    public static IEnumerable<(long Version, string Name, string Sql)> Load(string provider, string schema)
    {
        var assembly = typeof(Migrations).Assembly;
        var prefix = $"{assembly.GetName().Name}.Migrations.{provider}.{schema}.";
        var files = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n => (Resource: n, Name: n[prefix.Length..^4]))
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        if (files.Count == 0)
        {
            throw new InvalidOperationException($"No migrations embedded for {provider}/{schema}.");
        }

        foreach (var (resource, name) in files)
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            yield return (long.Parse(name.Split('_')[0], System.Globalization.CultureInfo.InvariantCulture), name, reader.ReadToEnd());
        }
    }
}
