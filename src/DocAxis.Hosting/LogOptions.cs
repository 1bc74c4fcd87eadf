namespace DocAxis.Hosting;

/// <summary>Where a host writes its logs (section "Logs"); levels come from the standard "Serilog" section.</summary>
public sealed class LogOptions
{
    public const string Section = "Logs";

    /// <summary>Folder of the rolling log files; relative paths are relative to the data directory.</summary>
    public string Directory { get; set; } = "logs";

    /// <summary>Whether to log to the console too (the demo turns it off and renders its own tables).</summary>
    public bool Console { get; set; } = true;
}
