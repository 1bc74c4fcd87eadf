using Microsoft.Playwright;

namespace DocAxis.WebConsole.Tests.Infrastructure;

/// <summary>A test class with one Chromium for its tests (classes run one at a time: see MSTestSettings).</summary>
public abstract class BrowserTest
{
    private static IPlaywright? _playwright;

    protected static IBrowser Browser { get; private set; } = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize(InheritanceBehavior.BeforeEachDerivedClass)]
    public static async Task LaunchAsync(TestContext _) => (_playwright, Browser) = await Chromium.LaunchAsync();

    [ClassCleanup(InheritanceBehavior.BeforeEachDerivedClass)]
    public static async Task CloseAsync()
    {
        await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
