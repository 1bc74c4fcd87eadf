namespace DocAxis.Testing;

/// <summary>Files of the repository the tests were built from (the .proto files, tools).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "DocAxis.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No DocAxis.sln above {AppContext.BaseDirectory}.");
    }
}
