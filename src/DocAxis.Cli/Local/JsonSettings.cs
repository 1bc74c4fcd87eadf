using System.Text.Json;

namespace DocAxis.Cli.Local;

/// <summary>Writes flat configuration keys ("Hub:Storage:Provider") as the nested JSON of an appsettings file.</summary>
public static class JsonSettings
{
    public static string Write(string path, IReadOnlyDictionary<string, string?> settings)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(Nest(settings), new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public static Dictionary<string, object> Nest(IReadOnlyDictionary<string, string?> flat)
    {
        var root = new Dictionary<string, object>();
        foreach (var (key, value) in flat)
        {
            var node = root;
            var parts = key.Split(':');
            foreach (var part in parts[..^1])
            {
                if (!node.TryGetValue(part, out var child))
                {
                    node[part] = child = new Dictionary<string, object>();
                }

                node = (Dictionary<string, object>)child;
            }

            node[parts[^1]] = value!;
        }

        return root;
    }
}
