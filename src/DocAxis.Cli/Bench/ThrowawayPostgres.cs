using System.Diagnostics;
using Dapper;
using DocAxis.Storage;

namespace DocAxis.Cli.Bench;

/// <summary>
/// A PostgreSQL cluster of Debian's server binaries in a folder of its own, listening only on a
/// Unix socket there, removed afterwards (as tools/postgres.sh makes them for the tests). initdb
/// refuses to run as root, so as root the server runs as the postgres user.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const int Port = 55432;
    private readonly string _folder;
    private readonly string _bin;

    private ThrowawayPostgres(string folder, string bin)
    {
        _folder = folder;
        _bin = bin;
    }

    public string ConnectionString => $"Host={_folder};Port={Port};Username=postgres;Database=docaxis_bench";

    public static async Task<ThrowawayPostgres> StartAsync(string folder)
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin")).Where(b => File.Exists(Path.Combine(b, "initdb"))).Order().LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("--store postgres needs PostgreSQL's server binaries (apt-get install postgresql).");
        }

        Directory.CreateDirectory(folder);
        if (!OperatingSystem.IsWindows())
        {
            // The server runs as the postgres user and keeps its socket here.
            File.SetUnixFileMode(folder, (UnixFileMode)Convert.ToInt32("1777", 8));
        }

        var postgres = new ThrowawayPostgres(Path.GetFullPath(folder), bin);
        await postgres.RunAsync("initdb", "-D", Path.Combine(postgres._folder, "data"), "-A", "trust", "-U", "postgres");
        await postgres.RunAsync(
            "pg_ctl", "-D", Path.Combine(postgres._folder, "data"), "-l", Path.Combine(postgres._folder, "postgres.log"), "-w",
            "-o", $"-p {Port} -k {postgres._folder} -c listen_addresses='' -c max_connections=300 -c fsync=on", "start");
        var server = Database.Create(StorageProvider.PostgreSql, $"Host={postgres._folder};Port={Port};Username=postgres;Database=postgres");
        await using (var connection = await server.OpenAsync())
        {
            await connection.ExecuteAsync("CREATE DATABASE docaxis_bench");
        }

        return postgres;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync("pg_ctl", "-D", Path.Combine(_folder, "data"), "-m", "fast", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private async Task RunAsync(string tool, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : Path.Combine(_bin, tool)) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in asRoot ? ["-u", "postgres", "--", Path.Combine(_bin, tool), .. arguments] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
