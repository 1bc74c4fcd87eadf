using System.Globalization;

namespace DocAxis.Benchmarks.Bench;

/// <summary>
/// Reads a process's memory and CPU from Linux's /proc: the peak resident set (VmHWM), which can
/// be reset so that one phase's peak is measured alone, and the CPU time it (and its JIT) has used.
/// </summary>
public sealed class ProcessMeter(int processId)
{
    /// <summary>Clock ticks per second of /proc/PID/stat (USER_HZ, 100 on every Linux that matters).</summary>
    private const double TicksPerSecond = 100;

    public double PeakRssMegabytes => StatusKilobytes("VmHWM:") / 1024.0;

    /// <summary>The .NET runtime's background thread that recompiles hot methods optimized, as /proc names it (15 characters).</summary>
    private const string TieringThread = ".NET Tiered Com";

    /// <summary>User plus system CPU time used so far.</summary>
    public TimeSpan CpuTime => CpuTimeOf(File.ReadAllText($"/proc/{processId}/stat"));

    /// <summary>CPU time the runtime's tiered-compilation thread has used so far (zero if it has none).</summary>
    public TimeSpan TieringCpuTime => Directory.EnumerateDirectories($"/proc/{processId}/task")
        .Where(task => ReadOrEmpty(Path.Combine(task, "comm")).TrimEnd('\n') == TieringThread)
        .Select(task => ReadOrEmpty(Path.Combine(task, "stat")))
        .Where(stat => stat.Length > 0)
        .Select(CpuTimeOf)
        .Aggregate(TimeSpan.Zero, (sum, time) => sum + time);

    /// <summary>Starts the peak over from the current resident set ("5" to /proc/PID/clear_refs).</summary>
    public void ResetPeak() => File.WriteAllText($"/proc/{processId}/clear_refs", "5");

    private static TimeSpan CpuTimeOf(string stat)
    {
        // Fields after the command name (which may contain spaces) start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / TicksPerSecond);
    }

    /// <summary>A thread may end between listing and reading it.</summary>
    private static string ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllText(file);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private long StatusKilobytes(string field)
    {
        var line = File.ReadLines($"/proc/{processId}/status").First(l => l.StartsWith(field, StringComparison.Ordinal));
        return long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }
}
