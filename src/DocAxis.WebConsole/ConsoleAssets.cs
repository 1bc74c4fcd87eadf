using Microsoft.AspNetCore.Http;

namespace DocAxis.WebConsole;

/// <summary>The console's stylesheet and script, embedded in the assembly: nothing is fetched from elsewhere.</summary>
internal static class ConsoleAssets
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.Ordinal)
    {
        ["console.css"] = "text/css; charset=utf-8",
        ["console.js"] = "text/javascript; charset=utf-8",
    };

    public static IResult Serve(string name)
    {
        if (!Types.TryGetValue(name, out var type))
        {
            return Results.NotFound();
        }

        var stream = typeof(ConsoleAssets).Assembly.GetManifestResourceStream($"Assets/{name}");
        return stream is null ? Results.NotFound() : Results.Stream(stream, type);
    }
}
