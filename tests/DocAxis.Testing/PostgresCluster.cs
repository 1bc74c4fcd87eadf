using System.Diagnostics;

namespace DocAxis.Testing;

/// <summary>
/// A PostgreSQL cluster of a test's own (tools/postgres.sh), for tests that stop and restart the
/// server: they must not take the database away from tests running beside them.
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

    public string Folder { get; }

    /// <summary>The server's connection string (database "postgres").</summary>
    public string ConnectionString { get; }

    public static PostgresCluster Start(string repositoryRoot)
    {
        var script = Path.Combine(repositoryRoot, "tools", "postgres.sh");
        if (!Directory.EnumerateDirectories("/usr/lib/postgresql").Any())
        {
            Assert.Inconclusive("PostgreSQL is not installed; tools/test.sh installs it.");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"docaxis-pg-{Guid.NewGuid().ToString("N")[..8]}");
        var connection = Run(script, "start", folder).Trim();
        return new PostgresCluster(script, folder, connection);
    }

    public void Stop() => Run(_script, "stop", Folder);

    public void Start() => Run(_script, "start", Folder);

    public ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
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
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, $"tools/postgres.sh {command}: {error}");
        return output;
    }
}
