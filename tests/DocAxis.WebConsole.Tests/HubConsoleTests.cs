using System.Text.RegularExpressions;
using DocAxis.Core.Agencies;
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
public sealed class HubConsoleTests : BrowserTest
{
    private const string Password = "mat-khau-van-hanh-2026";
    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task AnOperatorDisablesAnAgencyAndAnAuditorFindsItInTheLogExportsAndVerifiesIt()
    {
        await using var axis = await ConsoleAxis.StartAsync("hub-console");
        var hub = new HubStore(new SqliteDatabase(Path.Combine(axis.Axis.HubDataDirectory, "hub.db")));
        await hub.Accounts.AddAsync(AccountSignIn.NewAccount("van-hanh", "Lê Văn Hành", ConsoleRoles.Operator, null, Password, TimeProvider.System.GetUtcNow()));
        await hub.Accounts.AddAsync(AccountSignIn.NewAccount("kiem-tra", "Phạm Thị Kiểm", ConsoleRoles.Auditor, null, Password, TimeProvider.System.GetUtcNow()));
        var console = axis.Axis.HubConsoleEndpoint;

        await using var operatorContext = await Browser.NewContextAsync();
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

        // A commune added: refused while its node address is not https (nothing stored), then saved, then renamed.
        var commune = AgencyCode.Parse("000.03.29.H29");
        await page.GetByRole(AriaRole.Link, new() { Name = "Thêm cơ quan" }).ClickAsync();
        await page.GetByLabel("Mã định danh").FillAsync(commune.Value);
        await page.GetByLabel("Tên cơ quan").FillAsync("Ủy ban nhân dân xã Thử Nghiệm");
        await page.GetByLabel("Cấp", new() { Exact = true }).SelectOptionAsync("Commune");
        await page.GetByLabel("Cơ quan cấp trên (mã)").FillAsync(ConsoleAxis.District.Code.Value);
        await page.GetByLabel("Địa chỉ nút").FillAsync("http://xa-thu-nghiem.example:7443");
        var refused = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync(), response => response.Request.Method == "POST");
        Assert.AreEqual(422, refused.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("is not an https:// address");
        await Assertions.Expect(page.GetByLabel("Địa chỉ nút")).ToHaveAttributeAsync("aria-invalid", "true");
        Assert.IsNull(await hub.Directory.GetAgencyAsync(commune), "a refused entry stores nothing");
        await Browse.AssertAccessibleAsync(page);
        await page.GetByLabel("Địa chỉ nút").FillAsync("https://xa-thu-nghiem.example:7443");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(commune.Value);
        var added = page.Locator($"tr[data-agency='{commune}']");
        await Assertions.Expect(added).ToContainTextAsync("Xã");
        await added.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByLabel("Mã định danh")).ToHaveAttributeAsync("readonly", "readonly");
        await page.GetByLabel("Tên cơ quan").FillAsync("Ủy ban nhân dân xã Thử Nghiệm Mới");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-agency='{commune}']")).ToContainTextAsync("Thử Nghiệm Mới");
        var stored = (await hub.Directory.GetAgencyAsync(commune))!;
        Assert.AreEqual(ConsoleAxis.District.Code, stored.ParentCode);
        Assert.AreEqual(new Uri("https://xa-thu-nghiem.example:7443"), stored.NodeEndpoint);
        Assert.AreEqual(403, (await page.GotoAsync(new Uri(console, "/log").ToString()))!.Status, "an operator is not an auditor");

        await using var auditorContext = await Browser.NewContextAsync();
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

    [TestMethod]
    [Timeout(240_000, CooperativeCancellation = true)]
    public async Task AnOperatorRequeuesFailedDeliveriesOneAndManyWatchesTheInstancesAndReadsTheStatistics()
    {
        await using var axis = await ConsoleAxis.StartAsync("hub-queue", loopback => loopback.HubOverrides["Hub:Statistics:SettleTime"] = "00:00:00");
        var hub = new HubStore(new SqliteDatabase(Path.Combine(axis.Axis.HubDataDirectory, "hub.db")));
        await hub.Accounts.AddAsync(AccountSignIn.NewAccount("van-hanh", "Lê Văn Hành", ConsoleRoles.Operator, null, Password, TimeProvider.System.GetUtcNow()));
        var console = axis.Axis.HubConsoleEndpoint;

        // Three letters to the district, whose node is down: the hub gives each up after five seconds.
        var letters = new List<string>();
        for (var i = 1; i <= 3; i++)
        {
            letters.Add(await axis.SendAsync(ConsoleAxis.Office, ConsoleAxis.District, $"Công văn số {i} gửi huyện", new byte[2_000 + i]));
        }

        var toDistrict = new FailedQuery(null, ConsoleAxis.District.Code.Value, 0, 10);
        for (var i = 0; i < 300 && (await hub.Failed.ListAsync(toDistrict)).Count < 3; i++)
        {
            await Task.Delay(100);
        }

        Assert.HasCount(3, await hub.Failed.ListAsync(toDistrict), "the three deliveries failed");

        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await Browse.SignInAsync(page, console, "van-hanh", Password);
        await page.GotoAsync(new Uri(console, "/queue").ToString());
        var rows = page.Locator("#queue tbody tr");
        await Assertions.Expect(rows).ToHaveCountAsync(3);
        await Browse.AssertAccessibleAsync(page);

        // Without a reason nothing moves (the browser's own check taken away, the server's remains).
        await page.Locator("#reason").EvaluateAsync("e => e.removeAttribute('required')");
        await page.Locator($"tr[data-delivery='{letters[0]}|{ConsoleAxis.District.Code}']").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("reason");
        Assert.HasCount(3, await hub.Failed.ListAsync(toDistrict), "a refused re-queue moves nothing");

        // The district is back: one re-queued by its own button, the other two ticked together.
        await axis.Axis.StartNodeAsync(ConsoleAxis.District.Code);
        await page.Locator("#reason").FillAsync("Huyện đã hoạt động lại");
        await page.Locator($"tr[data-delivery='{letters[0]}|{ConsoleAxis.District.Code}']").GetByRole(AriaRole.Button).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(letters[0]);
        await page.Locator("#reason").FillAsync("Huyện đã hoạt động lại");
        foreach (var letter in letters.Skip(1))
        {
            await page.Locator($"tr[data-delivery='{letter}|{ConsoleAxis.District.Code}'] input[type=checkbox]").CheckAsync();
        }

        await Browse.ScreenshotAsync(page, TestContext, "failed-deliveries");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi lại các lần đã chọn" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(letters[2]);
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(letters[1]);

        foreach (var letter in letters)
        {
            var delivered = false;
            for (var i = 0; i < 300 && !delivered; i++)
            {
                delivered = (await hub.Deliveries.GetDeliveriesAsync(letter)).Single().State == "Delivered";
                await Task.Delay(delivered ? 0 : 100);
            }

            Assert.IsTrue(delivered, $"{letter} reached the district once re-queued");
        }

        var requeues = await hub.Audit.QueryAsync(new Storage.Audit.AuditQuery(null, null, "Requeue", null, null, 0, 10));
        Assert.HasCount(4, requeues, "one refusal and one entry per re-queued letter");
        Assert.IsTrue(requeues.All(e => e.Actor == "console:van-hanh@operator"), "the person is the actor");
        Assert.AreEqual(1, requeues.Count(e => e.Outcome == "refused"));

        // The instances: this hub answers, and its database check passes.
        await page.GotoAsync(new Uri(console, "/instances").ToString());
        var instance = page.Locator("#instances tbody tr");
        await Assertions.Expect(instance).ToHaveCountAsync(1);
        await Assertions.Expect(instance).ToContainTextAsync("Đang trả lời");
        await Assertions.Expect(instance).ToContainTextAsync("phiên bản này");
        await Assertions.Expect(page.Locator("#health tr[data-check='database']")).ToContainTextAsync("Healthy");
        await Browse.AssertAccessibleAsync(page);
        await Browse.ScreenshotAsync(page, TestContext, "instances");

        // The statistics, brought up to date from the page, show what docaxis stats shows; a malformed code is refused by name.
        Assert.AreEqual(422, (await page.GotoAsync(new Uri(console, "/statistics?agency=G22").ToString()))!.Status);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("\"G22\" is not an agency code");
        await page.GotoAsync(new Uri(console, "/statistics").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Cập nhật số liệu ngay" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Đã cập nhật");
        await Browse.AssertAccessibleAsync(page);
        await Browse.ScreenshotAsync(page, TestContext, "statistics");
        var (exit, report) = await DocAxis.Integration.Tests.Infrastructure.CommandLine.RunAsync(
            "stats", "show", "--hub", axis.Axis.HubEndpoint.ToString(), "--pki", axis.Axis.Pki.Root);
        Assert.AreEqual(0, exit);
        var periods = report.GetProperty("periods").EnumerateArray().ToList();
        Assert.IsNotEmpty(periods);
        foreach (var period in periods)
        {
            var row = page.Locator($"#periods tr[data-period='{period.GetProperty("period").GetString()}']");
            foreach (var figure in new[] { "sent", "received", "failed" })
            {
                var expected = period.TryGetProperty(figure, out var value) ? value.GetString() : "0";
                await Assertions.Expect(row.Locator($"td[data-figure='{figure}']")).ToHaveTextAsync(expected!);
            }
        }

        Assert.AreEqual("3", periods[^1].GetProperty("sent").GetString(), "this month's three letters");
    }
}
