using System.Diagnostics;
using Dapper;
using Npgsql;

namespace DocAxis.Testing;

/// <summary>
/// A throwaway PostgreSQL cluster of its own (tools/postgres.sh, the one way tests and benchmarks
/// start one): for tests that stop and restart the server, which must not take the database away
/// from tests running beside them, and for the benchmark's PostgreSQL runs.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _script;

    private PostgresCluster(string script, string folder, string connectionString)
    {
        _script = script;
        Folder = folder;
        ConnectionString = connectionString;
    }

    /// <summary>Whether Debian's PostgreSQL server binaries are installed (tools/test.sh installs them).</summary>
    public static bool IsInstalled =>
        Directory.Exists("/usr/lib/postgresql") && Directory.EnumerateDirectories("/usr/lib/postgresql").Any();

    public string Folder { get; }

    /// <summary>The server's connection string (database "postgres").</summary>
    public string ConnectionString { get; }

    /// <param name="folder">Where the cluster lives (default: a new folder under the temporary folder); removed on dispose.</param>
    public static PostgresCluster Start(string repositoryRoot, string? folder = null)
    {
        var script = Path.Combine(repositoryRoot, "tools", "postgres.sh");
        if (!IsInstalled)
        {
            throw new InvalidOperationException("PostgreSQL's server binaries are not installed (apt-get install postgresql; tools/test.sh does it).");
        }

        folder = Path.GetFullPath(folder ?? Path.Combine(Path.GetTempPath(), $"docaxis-pg-{Guid.NewGuid().ToString("N")[..8]}"));
        var connection = Run(script, "start", folder).Trim();
        return new PostgresCluster(script, folder, connection);
    }

    /// <summary>Creates an empty database on this cluster and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres", Pooling = false }.ToString()))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync($"CREATE DATABASE {name}");
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ToString();
    }

    public void Stop() => Run(_script, "stop", Folder);

    public void Start() => Run(_script, "start", Folder);

    public ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        Run(_script, "remove", Folder);
        return ValueTask.CompletedTask;
    }

    private static string Run(string script, string command, string folder)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, command, folder })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"tools/postgres.sh {command} failed ({process.ExitCode}): {error.Result}");
        }

        return output;
    }
}
