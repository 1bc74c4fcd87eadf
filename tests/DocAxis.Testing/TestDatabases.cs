using Dapper;
using DocAxis.Storage;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace DocAxis.Testing;

/// <summary>
/// Fresh, empty databases on the servers the test run was given: PostgreSQL always in
/// tools/test.sh (DOCAXIS_TEST_POSTGRES), SQL Server when DOCAXIS_TEST_SQLSERVER holds a
/// connection string. A test without its server is skipped, saying why.
/// </summary>
public static class TestDatabases
{
    public const string PostgresVariable = "DOCAXIS_TEST_POSTGRES";
    public const string SqlServerVariable = "DOCAXIS_TEST_SQLSERVER";

    public static string? PostgresServer => Environment.GetEnvironmentVariable(PostgresVariable);

    public static string? SqlServerServer => Environment.GetEnvironmentVariable(SqlServerVariable);

    /// <summary>A PostgreSQL cluster of the test's own (for tests that stop and restart the server); skipped without PostgreSQL.</summary>
    public static PostgresCluster NewPostgresCluster()
    {
        if (!PostgresCluster.IsInstalled)
        {
            Assert.Inconclusive("PostgreSQL is not installed; tools/test.sh installs it.");
        }

        return PostgresCluster.Start(Repository.Root);
    }

    /// <summary>Creates an empty PostgreSQL database and returns its connection string.</summary>
    public static async Task<string> NewPostgresAsync(string purpose)
    {
        var server = PostgresServer;
        if (string.IsNullOrEmpty(server))
        {
            Assert.Inconclusive($"{PostgresVariable} is not set; tools/test.sh starts a throwaway PostgreSQL and sets it.");
        }

        var name = Name(purpose);
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"CREATE DATABASE {name}");
        }

        return new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 50 }.ToString();
    }

    /// <summary>Creates an empty SQL Server database and returns its connection string.</summary>
    public static async Task<string> NewSqlServerAsync(string purpose)
    {
        var server = SqlServerServer;
        if (string.IsNullOrEmpty(server))
        {
            Assert.Inconclusive($"{SqlServerVariable} is not set: SQL Server tests run only where a server is supplied (none can be installed here).");
        }

        var name = Name(purpose);
        await using (var connection = new SqlConnection(new SqlConnectionStringBuilder(server) { InitialCatalog = "master" }.ToString()))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"CREATE DATABASE {name}");
        }

        return new SqlConnectionStringBuilder(server) { InitialCatalog = name }.ToString();
    }

    /// <summary>Drops a database made by this class; a failure to drop is left for the server's owner to clean.</summary>
    public static async Task DropAsync(Database database)
    {
        switch (database)
        {
            case PostgresDatabase postgres:
                NpgsqlConnection.ClearAllPools();
                var builder = new NpgsqlConnectionStringBuilder(postgres.ConnectionString);
                await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(builder.ConnectionString) { Database = "postgres", Pooling = false }.ToString()))
                {
                    await connection.OpenAsync();
                    await connection.ExecuteAsync($"DROP DATABASE IF EXISTS {builder.Database} WITH (FORCE)");
                }

                break;
            case SqliteDatabase sqlite:
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (var file in Directory.GetFiles(Path.GetDirectoryName(sqlite.Path)!, Path.GetFileName(sqlite.Path) + "*"))
                {
                    File.Delete(file);
                }

                break;
        }
    }

    private static string Name(string purpose) =>
        $"docaxis_{new string([.. purpose.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)])}_{Guid.NewGuid().ToString("N")[..8]}";
}
