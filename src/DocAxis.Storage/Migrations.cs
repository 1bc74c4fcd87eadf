using System.Data.Common;
using System.Reflection;
using Dapper;

namespace DocAxis.Storage;

/// <summary>
/// Numbered SQL files embedded per provider and schema (Migrations/&lt;Provider&gt;/&lt;Schema&gt;/NNNN_name.sql),
/// applied in order on start-up, each in its own transaction and recorded in schema_version.
/// Files are only ever added, never edited.
/// </summary>
public static class Migrations
{
    public static async Task<int> ApplyAsync(
        DbConnection connection, string provider, string schema, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
        var applied = (await connection.QueryAsync<long>("SELECT version FROM schema_version")).ToHashSet();
        var count = 0;
        foreach (var (version, name, sql) in Load(provider, schema))
        {
            if (applied.Contains(version))
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await connection.ExecuteAsync(sql, transaction: transaction);
            await connection.ExecuteAsync(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (@version, @name, @appliedAt)",
                new { version, name, appliedAt = now.ToString("O") },
                transaction);
            await transaction.CommitAsync(cancellationToken);
            count++;
        }

        return count;
    }

    private static IEnumerable<(long Version, string Name, string Sql)> Load(string provider, string schema)
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
