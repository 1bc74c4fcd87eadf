using Microsoft.Playwright;

namespace DocAxis.WebConsole.Tests.Infrastructure;

/// <summary>
/// Debian's Chromium (installed by tools/test.sh), driven by Playwright: never a browser Playwright
/// downloads. Without background networking it does not keep calling hosts this machine cannot reach.
/// </summary>
public static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            Assert.Inconclusive($"{ExecutablePath} is not installed (tools/test.sh installs Debian's chromium as root).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
            ],
        });
        return (playwright, browser);
    }
}
