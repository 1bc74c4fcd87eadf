using System.Reflection;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using DocAxis.Testing;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Dependencies point inward: the domain knows no IO, no protobuf and no other DocAxis project;
/// crypto and storage know only the domain; transport knows neither storage nor a database; only
/// the hosts compose everything. Checked in each project file under src/ and in what each compiled
/// assembly really references, and against the README's architecture table.
/// </summary>
[TestClass]
public sealed partial class DependencyRulesTests
{
    /// <summary>Each project under src/ and the projects it may reference directly; a new project must take its place here.</summary>
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Core"] = [],
        ["Contracts"] = [],
        ["Crypto"] = ["Core"],
        ["Storage"] = ["Core"],
        ["Transport"] = ["Core", "Contracts", "Crypto"],
        ["EdXml"] = ["Core", "Contracts"],
        ["Hosting"] = ["Transport", "Storage"],
        ["Hub"] = ["Hosting", "Storage"],
        ["Node"] = ["Hosting", "Storage", "EdXml"],
        ["WebConsole"] = ["Node", "Hub"],
        ["Cli"] = ["Hub", "Node", "WebConsole"],
    };

    /// <summary>Packages that belong to one project alone, by the prefix of their package and assembly names.</summary>
    private static readonly (string Prefix, string Owner)[] OwnedPackages =
    [
        ("Dapper", "Storage"),
        ("Microsoft.Data.Sqlite", "Storage"),
        ("Npgsql", "Storage"),
        ("Microsoft.Data.SqlClient", "Storage"),
        ("BouncyCastle", "Crypto"),
    ];

    /// <summary>Justified exceptions to <see cref="OwnedPackages"/>: (project, package prefix) and why. None today.</summary>
    private static readonly Dictionary<(string Project, string Package), string> Exceptions = [];

    private static readonly string[] Io = ["Google.Protobuf", "Grpc", "Dapper", "Microsoft.Data.Sqlite", "BouncyCastle", "Microsoft.AspNetCore", "Quartz", "Serilog", "System.Net", "Microsoft.Extensions"];

    [TestMethod]
    public void TheDomainReferencesNoIoNoProtobufAndNoOtherProject()
    {
        var references = References("DocAxis.Core");
        foreach (var forbidden in Io.Append("DocAxis."))
        {
            Assert.IsFalse(references.Any(r => r.StartsWith(forbidden, StringComparison.Ordinal)), $"DocAxis.Core references {string.Join(", ", references.Where(r => r.StartsWith(forbidden, StringComparison.Ordinal)))}");
        }
    }

    [TestMethod]
    public void EveryProjectUnderSrcHasItsPlaceInTheRules()
    {
        CollectionAssert.AreEquivalent(Allowed.Keys.ToArray(), Projects().Select(p => p.Name).ToArray(), "a project under src/ without rules, or rules for a project that is gone");
    }

    [TestMethod]
    public void EachProjectFileReferencesOnlyTheProjectsInsideIt()
    {
        foreach (var project in Projects())
        {
            var outward = project.ProjectReferences.Except(Allowed[project.Name]).ToList();
            Assert.IsEmpty(outward, $"src/DocAxis.{project.Name} references {string.Join(", ", outward)}, which its place in the architecture does not allow");
        }
    }

    [TestMethod]
    public void EachCompiledAssemblyUsesOnlyTheProjectsInsideIt()
    {
        foreach (var project in Projects())
        {
            var reachable = Closure(project.Name);
            var used = References(AssemblyOf(project.Name)).Where(r => r.StartsWith("DocAxis.", StringComparison.Ordinal)).Select(r => r["DocAxis.".Length..]);
            var outward = used.Except(reachable).ToList();
            Assert.IsEmpty(outward, $"DocAxis.{project.Name} uses {string.Join(", ", outward)}");
        }
    }

    [TestMethod]
    public void DatabasePackagesStayInStorageAndBouncyCastleInCrypto()
    {
        foreach (var project in Projects())
        {
            var compiled = References(AssemblyOf(project.Name));
            foreach (var (prefix, owner) in OwnedPackages)
            {
                if (project.Name == owner || Exceptions.ContainsKey((project.Name, prefix)))
                {
                    continue;
                }

                Assert.IsFalse(project.PackageReferences.Any(p => p.StartsWith(prefix, StringComparison.Ordinal)), $"src/DocAxis.{project.Name} references the {prefix} package; only {owner} may");
                Assert.IsFalse(compiled.Any(r => r.StartsWith(prefix, StringComparison.Ordinal)), $"DocAxis.{project.Name} uses {prefix} types; only {owner} may (or name the exception and its reason in this test)");
            }
        }
    }

    [TestMethod]
    public void TheReadmesArchitectureTableMatchesTheProjectFiles()
    {
        var rows = ArchitectureRow().Matches(File.ReadAllText(Repository.PathOf("README.md")))
            .ToDictionary(m => m.Groups["name"].Value, m => m.Groups["deps"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        foreach (var project in Projects())
        {
            Assert.IsTrue(rows.TryGetValue(project.Name, out var listed), $"README's architecture table has no row for src/DocAxis.{project.Name}");
            CollectionAssert.AreEquivalent(project.ProjectReferences.ToArray(), listed, $"README's 'depends on' for src/DocAxis.{project.Name} differs from its project file");
        }

        CollectionAssert.AreEquivalent(Projects().Select(p => p.Name).ToArray(), rows.Keys.ToArray(), "README's architecture table lists projects that are not under src/");
    }

    [GeneratedRegex(@"^\| `src/DocAxis\.(?<name>\w+)` \|[^|]*\|(?<deps>[^|]*)\|\s*$", RegexOptions.Multiline)]
    private static partial Regex ArchitectureRow();

    private sealed record Project(string Name, IReadOnlyList<string> ProjectReferences, IReadOnlyList<string> PackageReferences);

    private static List<Project> Projects() =>
    [
        .. Directory.GetFiles(Repository.PathOf("src"), "DocAxis.*.csproj", SearchOption.AllDirectories).Order().Select(path =>
        {
            var xml = XDocument.Load(path);
            var projects = xml.Descendants("ProjectReference")
                .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value)["DocAxis.".Length..]).ToList();
            var packages = xml.Descendants("PackageReference").Select(r => r.Attribute("Include")!.Value).ToList();
            return new Project(Path.GetFileNameWithoutExtension(path)["DocAxis.".Length..], projects, packages);
        }),
    ];

    /// <summary>The projects <paramref name="name"/> may use, directly or through those it references.</summary>
    private static HashSet<string> Closure(string name)
    {
        var reached = new HashSet<string>();
        var pending = new Stack<string>(Allowed[name]);
        while (pending.TryPop(out var next))
        {
            if (reached.Add(next))
            {
                foreach (var further in Allowed[next])
                {
                    pending.Push(further);
                }
            }
        }

        return reached;
    }

    /// <summary>The command line's assembly is "docaxis"; every other project's is its own name.</summary>
    private static string AssemblyOf(string project) => project == "Cli" ? "docaxis" : $"DocAxis.{project}";

    private static List<string> References(string assembly) =>
        [.. Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!)];
}
