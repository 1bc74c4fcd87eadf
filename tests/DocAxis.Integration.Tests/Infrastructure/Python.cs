using System.Diagnostics;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Debian's python3 with python3-grpcio, python3-grpc-tools and python3-cryptography: the reference gRPC stack.</summary>
public static class Python
{
    /// <summary>Debian's interpreter, where the Debian packages are; a python3 first on PATH may be another one.</summary>
    public static string Interpreter => File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public static (int ExitCode, string Output, string Error) Run(params string[] arguments) => Run(new Dictionary<string, string>(), arguments);

    /// <param name="environment">Variables for the child, e.g. a token that must not appear on its command line.</param>
    public static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill();
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Skips the test, saying what to install, if the reference stack is missing.</summary>
    public static void RequireReferenceStack()
    {
        try
        {
            var (exit, _, error) = Run("-c", "import grpc, grpc_tools, cryptography");
            if (exit != 0)
            {
                Assert.Inconclusive($"python3-grpcio, python3-grpc-tools and python3-cryptography are needed (tools/test.sh installs them): {error}");
            }
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Inconclusive("python3 is not installed; tools/test.sh installs it.");
        }
    }
}
