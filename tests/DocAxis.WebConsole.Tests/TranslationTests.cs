using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace DocAxis.WebConsole.Tests;

/// <summary>Every Vietnamese phrase a page shows has its English, so the English console has no Vietnamese left in it.</summary>
[TestClass]
public sealed partial class TranslationTests
{
    [TestMethod]
    public void EveryPhraseThePagesLocalizeHasAnEnglishEntry()
    {
        var source = Path.Combine(Root(), "src", "DocAxis.WebConsole");
        var english = XDocument.Load(Path.Combine(source, "Resources", "Text.en.resx")).Root!.Elements("data")
            .ToDictionary(d => d.Attribute("name")!.Value, d => d.Element("value")!.Value);
        var used = Directory.EnumerateFiles(source, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cshtml", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal)) && !f.Contains("/obj/", StringComparison.Ordinal))
            .SelectMany(f => Localized().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.IsGreaterThan(50, used.Count, "the pages' phrases were found");
        CollectionAssert.AreEquivalent(Array.Empty<string>(), used.Where(p => !english.ContainsKey(p)).ToArray(), "phrases without English");
        Assert.IsFalse(english.Values.Any(v => v.Length == 0), "an empty translation");
    }

    private static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "DocAxis.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new DirectoryNotFoundException("DocAxis.sln above the test binaries");
    }

    [GeneratedRegex(@"(?:\bT|\btext)\[""([^""]+)""")]
    private static partial Regex Localized();
}
