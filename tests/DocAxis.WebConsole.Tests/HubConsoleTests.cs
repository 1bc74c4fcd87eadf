using System.Text.RegularExpressions;
using DocAxis.Storage;
using DocAxis.Storage.Hub;
using DocAxis.WebConsole.Access;
using DocAxis.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocAxis.WebConsole.Tests;

/// <summary>
/// The hub's console in Debian's Chromium: an operator disables an agency in the directory, an
/// auditor searches the exchange log, exports it and verifies its chain; neither sees the other's pages.
/// </summary>
[TestClass]
public sealed class HubConsoleTests
{
    private const string Password = "mat-khau-van-hanh-2026";
    private static IPlaywright _playwright = null!;
    private static IBrowser _browser = null!;

    public TestContext TestContext { get; set; } = null!;

    [ClassInitialize]
    public static async Task LaunchAsync(TestContext _) => (_playwright, _browser) = await Chromium.LaunchAsync();

    [ClassCleanup]
    public static async Task CloseAsync()
    {
        await _browser.CloseAsync();
        _playwright.Dispose();
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task AnOperatorDisablesAnAgencyAndAnAuditorFindsItInTheLogExportsAndVerifiesIt()
    {
        await using var axis = await ConsoleAxis.StartAsync("hub-console");
        var hub = new HubStore(new SqliteDatabase(Path.Combine(axis.Axis.HubDataDirectory, "hub.db")));
        await hub.Accounts.AddAsync(AccountSignIn.NewAccount("van-hanh", "Lê Văn Hành", ConsoleRoles.Operator, null, Password, TimeProvider.System.GetUtcNow()));
        await hub.Accounts.AddAsync(AccountSignIn.NewAccount("kiem-tra", "Phạm Thị Kiểm", ConsoleRoles.Auditor, null, Password, TimeProvider.System.GetUtcNow()));
        var console = axis.Axis.HubConsoleEndpoint;

        await using var operatorContext = await _browser.NewContextAsync();
        var page = await operatorContext.NewPageAsync();
        await Browse.SignInAsync(page, console, "van-hanh", Password);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/directory$"));
        await page.GetByLabel("Cấp", new() { Exact = true }).SelectOptionAsync("District");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lọc" }).ClickAsync();
        var district = page.Locator($"tr[data-agency='{ConsoleAxis.District.Code}']");
        await Assertions.Expect(district).ToContainTextAsync("Đang hoạt động");
        await Assertions.Expect(page.Locator($"tr[data-agency='{ConsoleAxis.Office.Code}']")).ToHaveCountAsync(0, new() { Timeout = 2_000 });
        await Browse.AssertAccessibleAsync(page);
        await district.GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(ConsoleAxis.District.Code.Value);
        await Assertions.Expect(page.Locator($"tr[data-agency='{ConsoleAxis.District.Code}']")).ToContainTextAsync("Đã ngừng");
        Assert.IsFalse((await hub.Directory.GetAgencyAsync(ConsoleAxis.District.Code))!.Enabled, "disabled in the hub's directory");
        await Browse.ScreenshotAsync(page, TestContext, "directory");
        Assert.AreEqual(403, (await page.GotoAsync(new Uri(console, "/log").ToString()))!.Status, "an operator is not an auditor");

        await using var auditorContext = await _browser.NewContextAsync();
        var log = await auditorContext.NewPageAsync();
        await Browse.SignInAsync(log, console, "kiem-tra", Password);
        await Assertions.Expect(log).ToHaveURLAsync(new Regex("/log$"));
        await log.GetByLabel("Hành động", new() { Exact = true }).FillAsync("DisableAgency");
        await log.GetByRole(AriaRole.Button, new() { Name = "Tìm", Exact = true }).ClickAsync();
        var entry = log.Locator("#log tbody tr");
        await Assertions.Expect(entry).ToHaveCountAsync(1, new() { Timeout = 10_000 });
        await Assertions.Expect(entry).ToContainTextAsync("console:van-hanh@operator");
        await Assertions.Expect(entry).ToContainTextAsync(ConsoleAxis.District.Code.Value);
        await Browse.AssertAccessibleAsync(log);

        var download = await log.RunAndWaitForDownloadAsync(() => log.GetByRole(AriaRole.Link, new() { Name = "Tải CSV" }).ClickAsync());
        var csv = await File.ReadAllLinesAsync((await download.PathAsync())!);
        Assert.AreEqual("id,at,actor,action,outcome,envelope_id,reason,detail", csv[0]);
        Assert.HasCount(2, csv, "the header and the one entry the search finds");
        StringAssert.Contains(csv[1], "console:van-hanh@operator,DisableAgency,changed");

        await log.GetByRole(AriaRole.Button, new() { Name = "Kiểm tra tính toàn vẹn của nhật ký" }).ClickAsync();
        await Assertions.Expect(log.GetByRole(AriaRole.Status)).ToContainTextAsync("Nguyên vẹn");
        await Browse.ScreenshotAsync(log, TestContext, "exchange-log");
        Assert.AreEqual(403, (await log.GotoAsync(new Uri(console, "/directory").ToString()))!.Status, "an auditor changes nothing");
    }
}
