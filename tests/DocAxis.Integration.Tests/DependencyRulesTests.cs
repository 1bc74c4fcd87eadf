using System.Reflection;

namespace DocAxis.Integration.Tests;

/// <summary>
/// Dependencies point inward: the domain knows no IO, no protobuf and no other DocAxis project;
/// crypto and storage know only the domain; only the hosts compose everything.
/// </summary>
[TestClass]
public sealed class DependencyRulesTests
{
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
    [DataRow("DocAxis.Crypto", "DocAxis.Core")]
    [DataRow("DocAxis.Storage", "DocAxis.Core")]
    [DataRow("DocAxis.Contracts", "")]
    [DataRow("DocAxis.Transport", "DocAxis.Core,DocAxis.Contracts,DocAxis.Crypto,DocAxis.Storage")]
    [DataRow("DocAxis.Hosting", "DocAxis.Core,DocAxis.Contracts,DocAxis.Crypto,DocAxis.Storage,DocAxis.Transport")]
    [DataRow("DocAxis.Hub", "DocAxis.Core,DocAxis.Contracts,DocAxis.Crypto,DocAxis.Storage,DocAxis.Transport,DocAxis.Hosting")]
    [DataRow("DocAxis.Node", "DocAxis.Core,DocAxis.Contracts,DocAxis.Crypto,DocAxis.Storage,DocAxis.Transport,DocAxis.Hosting")]
    public void EachProjectReferencesOnlyTheProjectsInsideIt(string project, string allowed)
    {
        var permitted = allowed.Split(',', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var docaxis = References(project).Where(r => r.StartsWith("DocAxis.", StringComparison.Ordinal)).ToList();
        var outward = docaxis.Where(r => !permitted.Contains(r)).ToList();
        Assert.IsEmpty(outward, $"{project} references {string.Join(", ", outward)}");
    }

    private static List<string> References(string assembly) =>
        [.. Assembly.Load(assembly).GetReferencedAssemblies().Select(a => a.Name!)];
}
