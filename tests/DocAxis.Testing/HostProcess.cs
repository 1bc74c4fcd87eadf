using System.Diagnostics;

namespace DocAxis.Testing;

/// <summary>
/// A hub or node running as its own process (`docaxis hub run --config ...`), as in production,
/// so that a test can kill it outright (SIGKILL) or stop it the way systemd does (SIGTERM), and a
/// benchmark can measure its memory and CPU apart from the load it drives. The program is a .NET
/// assembly beside the caller's own (docaxis.dll, or the benchmark's bare services).
/// </summary>
public sealed class HostProcess : IAsyncDisposable
{
    /// <summary>The command line's assembly, copied beside every project that references it.</summary>
    public const string DocAxisAssembly = "docaxis.dll";

    private readonly string _program;
    private readonly string[] _arguments;
    private readonly string _workingDirectory;
    private readonly string _output;
    private Process _process;

    private HostProcess(string name, string program, string[] arguments, string workingDirectory, string output)
    {
        Name = name;
        _program = program;
        _arguments = arguments;
        _workingDirectory = workingDirectory;
        _output = output;
        _process = Launch();
    }

    public string Name { get; }

    public bool IsRunning => !_process.HasExited;

    public int Kills { get; private set; }

    /// <summary>The operating system's id of the running process.</summary>
    public int ProcessId => _process.Id;

    /// <param name="kind">"hub" or "node" (of <c>docaxis</c>), or another program's host command.</param>
    /// <param name="program">The assembly whose <c>KIND run --config</c> starts the host.</param>
    public static HostProcess Start(string kind, string config, string output, string program = DocAxisAssembly) =>
        new($"{kind} {Path.GetFileNameWithoutExtension(config)}", program, [kind, "run", "--config", config], Path.GetDirectoryName(config)!, output);

    /// <summary>Any <c>docaxis</c> command as a process of its own, its output appended to <paramref name="output"/>.</summary>
    public static HostProcess Run(string name, string[] arguments, string output) =>
        new(name, DocAxisAssembly, arguments, Path.GetDirectoryName(output)!, output);

    /// <summary>Kills the process at once, as a power cut or the OOM killer would.</summary>
    public void Kill()
    {
        if (IsRunning)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            Kills++;
        }
    }

    /// <summary>Starts the same host again on the same configuration and data.</summary>
    public void Restart()
    {
        Kill();
        _process.Dispose();
        _process = Launch();
    }

    /// <summary>Asks the process to stop (SIGTERM) and waits for a graceful shutdown.</summary>
    public async Task StopAsync(TimeSpan patience)
    {
        if (!IsRunning)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(patience);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(20));
        _process.Dispose();
    }

    private Process Launch()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _workingDirectory,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, _program) }.Concat(_arguments))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var log = new StreamWriter(_output, append: true) { AutoFlush = true };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => { lock (log) { log.Dispose(); } };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}
