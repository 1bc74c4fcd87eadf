using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DocAxis.WebConsole.Tests.Infrastructure;

/// <summary>What every browser test does: sign in, check a page with axe-core, keep a screenshot.</summary>
public static class Browse
{
    public static async Task SignInAsync(IPage page, Uri console, string user, string password = ConsoleAxis.Password)
    {
        await page.GotoAsync(new Uri(console, "/sign-in").ToString());
        await page.GetByLabel("Tên đăng nhập", new() { Exact = true }).FillAsync(user);
        await page.GetByLabel("Mật khẩu", new() { Exact = true }).FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
    }

    /// <summary>Fails on any serious or critical accessibility violation axe-core finds on the page.</summary>
    public static async Task AssertAccessibleAsync(IPage page)
    {
        var results = await page.RunAxe();
        var grave = results.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.IsEmpty(grave, $"{page.Url}: " + string.Join("; ", grave.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Target))}")));
    }

    /// <summary>A full-page screenshot kept with the test results.</summary>
    public static async Task ScreenshotAsync(IPage page, TestContext context, string name)
    {
        // MSTest removes a green run's deployment folder, so the screenshots go where tools/test.sh
        // keeps them (DOCAXIS_SCREENSHOTS), or beside the test binaries.
        var folder = Environment.GetEnvironmentVariable("DOCAXIS_SCREENSHOTS") is { Length: > 0 } kept
            ? Path.GetFullPath(kept)
            : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{context.TestName}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        context.AddResultFile(path);
    }
}
