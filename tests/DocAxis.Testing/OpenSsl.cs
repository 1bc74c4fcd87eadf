using System.Diagnostics;

namespace DocAxis.Testing;

/// <summary>Runs the openssl command: an implementation of X.509 and CMS that nobody here wrote.</summary>
public static class OpenSsl
{
    public static (int ExitCode, string Output) Run(params string[] arguments) => RunIn(null, arguments);

    public static (int ExitCode, string Output) RunIn(string? folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder ?? string.Empty };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Inconclusive("openssl is not installed; tools/test.sh installs it.");
            throw;
        }

        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            return (process.ExitCode, output.Result + error.Result);
        }
    }
}
