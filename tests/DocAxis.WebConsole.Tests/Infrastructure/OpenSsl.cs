using System.Diagnostics;

namespace DocAxis.WebConsole.Tests.Infrastructure;

/// <summary>The openssl command, an implementation of CMS that nobody here wrote.</summary>
public static class OpenSsl
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo("openssl", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
