using System.Text.RegularExpressions;
using Dapper;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using DocAxis.WebConsole.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;

namespace DocAxis.WebConsole.Tests;

/// <summary>
/// Clerks at their nodes' consoles, in Debian's Chromium: a letter arrives and is opened,
/// downloaded and answered, and its sender sees it; what a clerk may not see, they do not.
/// </summary>
[TestClass]
public sealed partial class ClerkConsoleTests : BrowserTest
{
    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task AClerkOpensDownloadsAndAnswersALetterAndItsSenderSeesTheAnswer()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-answers");
        var content = Content(300_000);
        var sent = await SendAsync(axis, ConsoleAxis.Office, ConsoleAxis.Province, "Về việc tổ chức hội nghị trực tuyến", content);
        await WaitReceivedAsync(axis.Dms(ConsoleAxis.Province), ConsoleAxis.Province, sent);

        await using var province = await Browser.NewContextAsync();
        var page = await province.NewPageAsync();
        await Browse.SignInAsync(page, axis.ConsoleOf(ConsoleAxis.Province), ConsoleAxis.ClerkOf(ConsoleAxis.Province));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/outbox$"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Văn bản đến" }).ClickAsync();
        var row = page.Locator($"tr[data-envelope='{sent}']");
        await Assertions.Expect(row).ToContainTextAsync("Về việc tổ chức hội nghị trực tuyến");
        await Assertions.Expect(row).ToContainTextAsync("Mới");
        await Browse.AssertAccessibleAsync(page);
        await Browse.ScreenshotAsync(page, TestContext, "inbox");

        await row.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Về việc tổ chức hội nghị trực tuyến");
        await Browse.AssertAccessibleAsync(page);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "cong-van.pdf" }).ClickAsync());
        var saved = Path.Combine(axis.Axis.Root, "downloaded.pdf");
        await download.SaveAsAsync(saved);
        CollectionAssert.AreEqual(content, await File.ReadAllBytesAsync(saved), "the downloaded attachment is the letter's, byte for byte");

        await page.GetByLabel("Trạng thái", new() { Exact = true }).SelectOptionAsync("01");
        await page.GetByLabel("Mô tả", new() { Exact = true }).FillAsync("Văn thư đã nhận");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi trạng thái" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("01");
        await Browse.ScreenshotAsync(page, TestContext, "letter-received");

        await using var office = await Browser.NewContextAsync();
        var sender = await office.NewPageAsync();
        await Browse.SignInAsync(sender, axis.ConsoleOf(ConsoleAxis.Office), ConsoleAxis.ClerkOf(ConsoleAxis.Office));
        var sentRow = sender.Locator($"tr[data-envelope='{sent}']");
        await Eventually(sender, sentRow, "01 · Đã đến");
        await Assertions.Expect(sentRow.Locator("td").Nth(3)).ToHaveTextAsync("1");
        await Browse.AssertAccessibleAsync(sender);
        await Browse.ScreenshotAsync(sender, TestContext, "outbox");
        await sentRow.GetByRole(AriaRole.Link).ClickAsync();
        await Assertions.Expect(sender.Locator($"tr[data-recipient='{ConsoleAxis.Province.Code}']")).ToContainTextAsync("Đã nhận");
        await Assertions.Expect(sender.Locator("#timeline")).ToContainTextAsync($"{ConsoleAxis.Province.Code} báo 01 · Đã đến");
        await Browse.AssertAccessibleAsync(sender);
        await Browse.ScreenshotAsync(sender, TestContext, "letter-sent");

        // The proof of delivery, and its receipt checked by OpenSSL, which nobody here wrote.
        await sender.GetByRole(AriaRole.Link, new() { Name = $"Bằng chứng {ConsoleAxis.Province.Code}" }).ClickAsync();
        await Assertions.Expect(sender.GetByRole(AriaRole.Status)).ToContainTextAsync("cả ba chữ ký số đều hợp lệ");
        foreach (var record in new[] { "manifest", "acceptance", "receipt" })
        {
            await Assertions.Expect(sender.Locator($"tr[data-proof='{record}'] td").First).ToHaveTextAsync("Hợp lệ");
        }

        // The status the province's clerk reported, as the province's node signed it.
        var status = sender.Locator("#signed-statuses tr[data-status='01']");
        await Assertions.Expect(status).ToContainTextAsync("Văn thư đã nhận");
        await Assertions.Expect(status.Locator("td").Nth(2)).ToHaveTextAsync("Hợp lệ");
        await Assertions.Expect(status.Locator("td").Nth(3)).ToContainTextAsync(ConsoleAxis.Province.Code.Value);

        await Browse.AssertAccessibleAsync(sender);
        await Browse.ScreenshotAsync(sender, TestContext, "proof");
        var body = Path.Combine(axis.Axis.Root, "receipt.bin");
        var signature = Path.Combine(axis.Axis.Root, "receipt.p7s");
        await (await sender.RunAndWaitForDownloadAsync(() => sender.GetByRole(AriaRole.Link, new() { Name = $"receipt-{ConsoleAxis.Province.Code}.bin" }).ClickAsync())).SaveAsAsync(body);
        await (await sender.RunAndWaitForDownloadAsync(() => sender.GetByRole(AriaRole.Link, new() { Name = $"receipt-{ConsoleAxis.Province.Code}.p7s" }).ClickAsync())).SaveAsAsync(signature);
        var openssl = await OpenSsl.RunAsync("cms", "-verify", "-binary", "-inform", "DER", "-in", signature, "-content", body, "-CAfile", axis.Axis.Pki.TrustAnchorPath, "-purpose", "any", "-out", "/dev/null");
        Assert.AreEqual(0, openssl.ExitCode, openssl.Error);
        Assert.Contains("Verification successful", openssl.Error);
    }

    [TestMethod]
    [Timeout(300_000, CooperativeCancellation = true)]
    public async Task AClerkSendsA20MegabyteLetterToTwoAgenciesOneOfThemOfflineAndResendsWhereItFailed()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-compose", loopback => loopback.NodeOverrides["Node:Console:RecipientListLimit"] = "2");
        var content = Content(20 * 1024 * 1024);
        var file = Path.Combine(axis.Axis.Root, "bao-cao-tong-ket.pdf");
        await File.WriteAllBytesAsync(file, content);
        await using var province = await Browser.NewContextAsync();
        var inbox = await province.NewPageAsync();
        await Browse.SignInAsync(inbox, axis.ConsoleOf(ConsoleAxis.Province), ConsoleAxis.ClerkOf(ConsoleAxis.Province));
        await inbox.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Province), "/inbox").ToString());
        await inbox.EvaluateAsync("() => window.stillTheSamePage = true");

        await using var office = await Browser.NewContextAsync();
        var page = await office.NewPageAsync();
        await Browse.SignInAsync(page, axis.ConsoleOf(ConsoleAxis.Office), ConsoleAxis.ClerkOf(ConsoleAxis.Office));
        await page.GetByRole(AriaRole.Link, new() { Name = "Soạn văn bản" }).ClickAsync();
        await Browse.AssertAccessibleAsync(page);
        // The directory counts as large here: the node answers what the clerk types, without diacritics too.
        var recipients = page.GetByLabel("Chọn một hoặc nhiều nơi nhận");
        await Assertions.Expect(recipients.Locator("option")).ToHaveCountAsync(0);
        await page.GetByLabel("Tìm nơi nhận theo tên hoặc mã").FillAsync("nghe an");
        await Assertions.Expect(recipients.Locator("option")).ToHaveTextAsync([$"{ConsoleAxis.Province.Name} ({ConsoleAxis.Province.Code})"]);
        await recipients.SelectOptionAsync([ConsoleAxis.Province.Code.Value]);
        await page.GetByLabel("Tìm nơi nhận theo tên hoặc mã").FillAsync("H29");
        await Assertions.Expect(recipients.Locator("option")).ToHaveCountAsync(2);
        await recipients.SelectOptionAsync([ConsoleAxis.Province.Code.Value, ConsoleAxis.District.Code.Value]);
        await page.GetByLabel("Trích yếu", new() { Exact = true }).FillAsync("Báo cáo tổng kết năm 2026");
        await page.GetByLabel("Số", new() { Exact = true }).FillAsync("88");
        await page.GetByLabel("Ký hiệu", new() { Exact = true }).FillAsync("BC-VPCP");
        await page.GetByLabel("Tệp đính kèm").SetInputFilesAsync(file);
        await Browse.ScreenshotAsync(page, TestContext, "compose");
        await page.GetByRole(AriaRole.Button, new() { Name = "Ký và gửi" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/letters/[0-9a-f-]{36}$"), new() { Timeout = 60_000 });
        var sent = new Uri(page.Url).Segments[^1];
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Báo cáo tổng kết năm 2026");
        await page.EvaluateAsync("() => window.stillTheSamePage = true");

        // The online recipient: the letter arrives in the open inbox, is downloaded whole, and answered.
        var row = inbox.Locator($"tr[data-envelope='{sent}']");
        await Assertions.Expect(row).ToContainTextAsync("Báo cáo tổng kết năm 2026", new() { Timeout = 60_000 });
        Assert.IsTrue(await inbox.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "it arrived without a reload");
        await row.GetByRole(AriaRole.Link).ClickAsync();
        var download = await inbox.RunAndWaitForDownloadAsync(() => inbox.GetByRole(AriaRole.Link, new() { Name = "bao-cao-tong-ket.pdf" }).ClickAsync());
        var saved = Path.Combine(axis.Axis.Root, "downloaded.pdf");
        await download.SaveAsAsync(saved);
        CollectionAssert.AreEqual(content, await File.ReadAllBytesAsync(saved), "the 20 MB attachment, byte for byte");
        foreach (var code in new[] { "01", "06" })
        {
            await inbox.GetByLabel("Trạng thái", new() { Exact = true }).SelectOptionAsync(code);
            await inbox.GetByRole(AriaRole.Button, new() { Name = "Gửi trạng thái" }).ClickAsync();
            await Assertions.Expect(inbox.GetByRole(AriaRole.Status)).ToContainTextAsync(code);
        }

        // The sender's page moves by itself: delivered, 01, 06; the offline recipient fails at its give-up age.
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"{ConsoleAxis.Province.Code} báo 06 · Hoàn thành", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator($"tr[data-recipient='{ConsoleAxis.District.Code}']")).ToContainTextAsync("Thất bại", new() { Timeout = 60_000 });
        Assert.IsTrue(await page.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the timeline moved without a reload");
        await Browse.AssertAccessibleAsync(page);
        await Browse.ScreenshotAsync(page, TestContext, "letter-failed");

        await axis.Axis.StartNodeAsync(ConsoleAxis.District.Code);
        await page.GetByLabel("Lý do gửi lại (nơi nhận đã hoạt động lại...)").FillAsync("Nút huyện đã hoạt động lại");
        await page.GetByRole(AriaRole.Button, new() { Name = "Gửi lại các nơi thất bại" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync(ConsoleAxis.District.Code.Value);
        await Assertions.Expect(page.Locator($"tr[data-recipient='{ConsoleAxis.District.Code}']")).ToContainTextAsync("Đã nhận", new() { Timeout = 60_000 });
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"Gửi lại đến {ConsoleAxis.District.Code}");
        await Browse.ScreenshotAsync(page, TestContext, "letter-resent");
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task ASenderRecallsALetterAndTheRecipientsClerkAgreesFromTheLettersPage()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-recall");
        await using var office = await Browser.NewContextAsync();
        var (sent, page) = await OpenDeliveredAsync(axis, office, "Công văn gửi nhầm");

        await page.GetByLabel("Lý do thu hồi").FillAsync("Gửi nhầm nơi nhận");
        await page.GetByRole(AriaRole.Button, new() { Name = "Thu hồi văn bản" }).ClickAsync();
        await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex(sent));

        await using var province = await Browser.NewContextAsync();
        var recipient = await province.NewPageAsync();
        await Browse.SignInAsync(recipient, axis.ConsoleOf(ConsoleAxis.Province), ConsoleAxis.ClerkOf(ConsoleAxis.Province));
        await AgreeAsync(axis, recipient, sent);

        await page.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Office), $"/letters/{sent}").ToString());
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"{ConsoleAxis.Province.Code} báo 15 · Đồng ý thu hồi", new() { Timeout = 30_000 });
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task ASenderReplacesALetterFromItsPageWithANewFileAndTheRecipientAgrees()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-replace");
        await using var office = await Browser.NewContextAsync();
        var (sent, page) = await OpenDeliveredAsync(axis, office, "Kế hoạch công tác năm 2027");

        // The compose page starts from the earlier letter: its recipients chosen, its header filled in.
        await page.GetByRole(AriaRole.Link, new() { Name = "Thay thế văn bản" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Thay thế văn bản");
        await Assertions.Expect(page.GetByLabel("Trích yếu")).ToHaveValueAsync("Kế hoạch công tác năm 2027");
        CollectionAssert.AreEqual(
            new[] { ConsoleAxis.Province.Code.Value },
            (await page.Locator("#recipients option:checked").EvaluateAllAsync<string[]>("options => options.map(o => o.value)")).ToArray());
        await Browse.AssertAccessibleAsync(page);
        await page.GetByLabel("Lý do thay thế").FillAsync("Bổ sung phụ lục kinh phí");
        var replacement = Path.Combine(axis.Axis.Root, "ke-hoach-sua.pdf");
        await File.WriteAllBytesAsync(replacement, Content(9_000));
        await page.GetByLabel("Tệp đính kèm").SetInputFilesAsync(replacement);
        await page.GetByRole(AriaRole.Button, new() { Name = "Ký và gửi" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/letters/(?!" + sent + ")[0-9a-f-]{36}$"), new() { Timeout = 30_000 });
        var replacing = page.Url[^36..];
        var stored = Manifest.Parser.ParseFrom((await axis.NodeStoreOf(ConsoleAxis.Office).GetOutboxAsync(replacing))!.Manifest);
        Assert.AreEqual(BusinessType.Replace, stored.BusinessType);
        Assert.AreEqual(sent, stored.ReferencedEnvelopeId);
        Assert.AreEqual("Bổ sung phụ lục kinh phí", stored.BusinessReason);
        Assert.AreEqual("ke-hoach-sua.pdf", stored.Attachments.Single().Name);

        // The recipient is asked to answer, and agrees; its own page cannot replace a letter it received.
        await using var province = await Browser.NewContextAsync();
        var recipient = await province.NewPageAsync();
        await Browse.SignInAsync(recipient, axis.ConsoleOf(ConsoleAxis.Province), ConsoleAxis.ClerkOf(ConsoleAxis.Province));
        Assert.AreEqual(400, (await recipient.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Province), $"/compose?amend={sent}&kind=Replace").ToString()))!.Status);
        await AgreeAsync(axis, recipient, sent);
        await page.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Office), $"/letters/{sent}").ToString());
        await Assertions.Expect(page.Locator("#timeline")).ToContainTextAsync($"{ConsoleAxis.Province.Code} báo 15", new() { Timeout = 30_000 });
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task TheInboxAndASentLettersTimelineMoveWithoutAReload()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-live");
        await using var province = await Browser.NewContextAsync();
        var inbox = await province.NewPageAsync();
        await Browse.SignInAsync(inbox, axis.ConsoleOf(ConsoleAxis.Province), ConsoleAxis.ClerkOf(ConsoleAxis.Province));
        await inbox.GetByRole(AriaRole.Link, new() { Name = "Văn bản đến" }).ClickAsync();
        await Assertions.Expect(inbox.GetByText("Không có văn bản nào.")).ToBeVisibleAsync();
        await inbox.EvaluateAsync("() => window.stillTheSamePage = true");

        var sent = await SendAsync(axis, ConsoleAxis.Office, ConsoleAxis.Province, "Thông báo lịch họp tháng 12", Content(20_000));

        await Assertions.Expect(inbox.Locator($"tr[data-envelope='{sent}']")).ToContainTextAsync("Thông báo lịch họp tháng 12", new() { Timeout = 30_000 });
        Assert.IsTrue(await inbox.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the row came without a reload");

        await using var office = await Browser.NewContextAsync();
        var letter = await office.NewPageAsync();
        await Browse.SignInAsync(letter, axis.ConsoleOf(ConsoleAxis.Office), ConsoleAxis.ClerkOf(ConsoleAxis.Office));
        await letter.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Office), $"/letters/{sent}").ToString());
        await Assertions.Expect(letter.Locator("#timeline")).ToContainTextAsync($"{ConsoleAxis.Province.Code} đã nhận", new() { Timeout = 30_000 });
        await letter.EvaluateAsync("() => window.stillTheSamePage = true");

        await axis.Dms(ConsoleAxis.Province).ReportAsync(ConsoleAxis.Province.Code.Value, sent, "01", "Đã đến");
        await axis.Dms(ConsoleAxis.Province).ReportAsync(ConsoleAxis.Province.Code.Value, sent, "03", "Đã vào sổ");

        await Assertions.Expect(letter.Locator("#timeline")).ToContainTextAsync($"{ConsoleAxis.Province.Code} báo 03 · Đã tiếp nhận", new() { Timeout = 30_000 });
        await Assertions.Expect(letter.Locator($"tr[data-recipient='{ConsoleAxis.Province.Code}']")).ToContainTextAsync("03 · Đã tiếp nhận");
        Assert.IsTrue(await letter.EvaluateAsync<bool>("() => window.stillTheSamePage === true"), "the timeline moved without a reload");
    }

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task AClerkOpeningAnotherAgencysLetterByItsAddressIsRefusedAndLogged()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-denied");
        var sent = await SendAsync(axis, ConsoleAxis.Office, ConsoleAxis.Province, "Văn bản của Văn phòng", Content(5_000));
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        await Browse.SignInAsync(page, axis.ConsoleOf(ConsoleAxis.Ministry), ConsoleAxis.ClerkOf(ConsoleAxis.Ministry));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/outbox$"));

        var letter = await page.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Ministry), $"/letters/{sent}").ToString());
        var attachment = await page.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Ministry), $"/letters/{sent}/attachments/0").ToString());

        Assert.AreEqual(403, letter!.Status, "a letter the same node holds for another agency");
        Assert.AreEqual(403, attachment!.Status);
        Assert.AreEqual(404, (await page.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Ministry), $"/letters/{Guid.NewGuid()}").ToString()))!.Status);
        await Assertions.Expect(page.Locator("body")).Not.ToContainTextAsync("Văn bản của Văn phòng");
        var actor = $"console:{ConsoleAxis.ClerkOf(ConsoleAxis.Ministry)}@{ConsoleAxis.Ministry.Code}";
        var refusals = await WaitAuditAsync(axis, ConsoleAxis.Office, $"actor = '{actor}' AND action = 'ConsoleOpenLetter' AND envelope_id = '{sent}'", 2);
        CollectionAssert.AreEqual(new[] { "refused ACCESS_DENIED", "refused ACCESS_DENIED" }, refusals);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task RepeatedWrongPasswordsLockTheAccountAndTheRightOneThenWaits()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-lockout");
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = axis.ConsoleOf(ConsoleAxis.Province);
        var user = ConsoleAxis.ClerkOf(ConsoleAxis.Province);

        await page.GotoAsync(new Uri(console, "/sign-in").ToString());
        await Browse.AssertAccessibleAsync(page);
        for (var i = 1; i <= 4; i++)
        {
            await Browse.SignInAsync(page, console, user, $"sai-mat-khau-{i}");
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Tên đăng nhập hoặc mật khẩu không đúng.");
        }

        await Browse.SignInAsync(page, console, user, "sai-mat-khau-5");
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("tạm khóa");
        await Browse.SignInAsync(page, console, user);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("tạm khóa", new() { Timeout = 10_000 });
        Assert.EndsWith("/sign-in", new Uri(page.Url).AbsolutePath, "the right password does not open a locked account");
        await Browse.ScreenshotAsync(page, TestContext, "locked");

        var account = await axis.NodeStoreOf(ConsoleAxis.Province).Accounts.FindAsync(user);
        Assert.AreEqual(5L, account!.FailedAttempts);
        Assert.IsNotNull(account.LockedUntil);
        var attempts = await WaitAuditAsync(axis, ConsoleAxis.Province, $"actor = 'console:{user}' AND action = 'ConsoleSignIn'", 6);
        CollectionAssert.AreEqual(
            new[] { "refused SIGN_IN_FAILED", "refused SIGN_IN_FAILED", "refused SIGN_IN_FAILED", "refused SIGN_IN_FAILED", "refused ACCOUNT_LOCKED", "refused ACCOUNT_LOCKED" },
            attempts);
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task AFormPostedWithoutItsAntiforgeryTokenIsRefusedAndChangesNothing()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-antiforgery");
        var sent = await SendAsync(axis, ConsoleAxis.Office, ConsoleAxis.Province, "Giấy mời", Content(5_000));
        await WaitReceivedAsync(axis.Dms(ConsoleAxis.Province), ConsoleAxis.Province, sent);
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = axis.ConsoleOf(ConsoleAxis.Province);

        var signIn = await context.APIRequest.PostAsync(new Uri(console, "/sign-in").ToString(), new()
        {
            Form = Form(context, ("UserName", ConsoleAxis.ClerkOf(ConsoleAxis.Province)), ("Password", ConsoleAxis.Password)),
            MaxRedirects = 0,
        });
        Assert.AreEqual(400, signIn.Status, "a sign-in without the token");

        await Browse.SignInAsync(page, console, ConsoleAxis.ClerkOf(ConsoleAxis.Province));
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/outbox$"));
        var report = await context.APIRequest.PostAsync(new Uri(console, $"/letters/{sent}?handler=Report").ToString(), new()
        {
            Form = Form(context, ("code", "01"), ("description", "giả mạo")),
            MaxRedirects = 0,
        });

        Assert.AreEqual(400, report.Status, "a status report without the token, though the session cookie went along");
        var inbox = await axis.Dms(ConsoleAxis.Province).InboxAsync(ConsoleAxis.Province.Code.Value);
        Assert.AreEqual("", inbox.Single().StatusCode, "no status was reported");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task TheConsoleIsVietnameseAndSpeaksEnglishWhenAsked()
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-english");
        await using var context = await Browser.NewContextAsync(new() { Locale = "en-US" });
        var page = await context.NewPageAsync();
        await Browse.SignInAsync(page, axis.ConsoleOf(ConsoleAxis.Office), ConsoleAxis.ClerkOf(ConsoleAxis.Office));
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Văn bản đi", new() { Timeout = 10_000 });
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "vi");

        await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sent letters");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await page.GetByRole(AriaRole.Link, new() { Name = "Received letters" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Received at" })).ToBeVisibleAsync();
        await Browse.AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in$"));
        Assert.AreEqual(302, (await context.APIRequest.GetAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Office), "/inbox").ToString(), new() { MaxRedirects = 0 })).Status, "signed out: the inbox asks to sign in");
    }

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    [DataRow("no recipient", "[]", "cong-van.pdf", 422, "FIELD_INVALID")]
    [DataRow("an unknown recipient", "[\"000.00.00.X99\"]", "cong-van.pdf", 422, "RECIPIENT_UNKNOWN")]
    [DataRow("a file the header does not name", "[\"000.00.00.H41\"]", "khac.pdf", 422, "ATTACHMENT_MISMATCH")]
    public async Task ALetterComposedWrongIsRefusedByReasonAndLeavesNothing(string _, string recipients, string fileName, int status, string reason)
    {
        await using var axis = await ConsoleAxis.StartAsync("clerk-compose-refused");
        await using var context = await Browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var console = axis.ConsoleOf(ConsoleAxis.Office);
        await Browse.SignInAsync(page, console, ConsoleAxis.ClerkOf(ConsoleAxis.Office));
        await page.GotoAsync(new Uri(console, "/compose").ToString());
        var token = await page.Locator("#compose").GetAttributeAsync("data-token");
        var form = context.APIRequest.CreateFormData();
        form.Append("letter", $$"""{"recipients":{{recipients}},"subject":"Thư mời","number":"7","notation":"","issueDate":"2026-12-03","typeName":"Giấy mời","signerName":"","signerPosition":"","urgency":0,"summary":"","files":[{"name":"cong-van.pdf","type":"application/pdf"}]}""");
        form.Append("file", new FilePayload { Name = fileName, MimeType = "application/pdf", Buffer = Content(200_000) });

        var response = await context.APIRequest.PostAsync(new Uri(console, "/compose/send").ToString(), new()
        {
            Multipart = form,
            Headers = new Dictionary<string, string> { ["X-DocAxis-Antiforgery"] = token! },
        });

        Assert.AreEqual(status, response.Status, await response.TextAsync());
        Assert.AreEqual(reason, (await response.JsonAsync())!.Value.GetProperty("reason").GetString());
        var store = axis.NodeStoreOf(ConsoleAxis.Office);
        Assert.HasCount(0, await store.Lists.ListSentAsync(ConsoleAxis.Office.Code.Value, new Storage.Node.LetterFilter(), 0, 10), "nothing queued");
        var staging = Path.Combine(axis.Axis.NodeDataDirectory(ConsoleAxis.Office.Code), "content", "staging");
        Assert.IsFalse(Directory.Exists(staging) && Directory.EnumerateFiles(staging).Any(), "nothing left in staging");
        var withoutToken = await context.APIRequest.PostAsync(new Uri(console, "/compose/send").ToString(), new() { Multipart = form });
        Assert.AreEqual(400, withoutToken.Status, "without the antiforgery header");
    }

    private static IFormData Form(IBrowserContext context, params (string Name, string Value)[] fields)
    {
        var form = context.APIRequest.CreateFormData();
        foreach (var (name, value) in fields)
        {
            form.Set(name, value);
        }

        return form;
    }

    private static byte[] Content(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Sends a letter from the Office to the Province and opens it at the Office's console once delivered.</summary>
    private static async Task<(string Sent, IPage Page)> OpenDeliveredAsync(ConsoleAxis axis, IBrowserContext office, string subject)
    {
        var sent = await SendAsync(axis, ConsoleAxis.Office, ConsoleAxis.Province, subject, Content(8_000));
        await WaitReceivedAsync(axis.Dms(ConsoleAxis.Province), ConsoleAxis.Province, sent);
        var page = await office.NewPageAsync();
        await Browse.SignInAsync(page, axis.ConsoleOf(ConsoleAxis.Office), ConsoleAxis.ClerkOf(ConsoleAxis.Office));
        await page.GotoAsync(new Uri(axis.ConsoleOf(ConsoleAxis.Office), $"/letters/{sent}").ToString());
        await Assertions.Expect(page.Locator($"tr[data-recipient='{ConsoleAxis.Province.Code}']")).ToContainTextAsync("Đã nhận", new() { Timeout = 30_000 });
        return (sent, page);
    }

    /// <summary>The Province's clerk, asked to answer a recall, update or replacement of <paramref name="sent"/>, agrees (15).</summary>
    private static async Task AgreeAsync(ConsoleAxis axis, IPage recipient, string sent)
    {
        var original = new Uri(axis.ConsoleOf(ConsoleAxis.Province), $"/letters/{sent}").ToString();
        for (var i = 0; i < 60 && !(await (await recipient.GotoAsync(original))!.TextAsync()).Contains("hãy trả lời 15 hoặc 16", StringComparison.Ordinal); i++)
        {
            await Task.Delay(250);
        }

        await Assertions.Expect(recipient.GetByText("hãy trả lời 15 hoặc 16")).ToBeVisibleAsync();
        await Browse.AssertAccessibleAsync(recipient);
        await recipient.GetByLabel("Trạng thái", new() { Exact = true }).SelectOptionAsync("15");
        await recipient.GetByRole(AriaRole.Button, new() { Name = "Gửi trạng thái" }).ClickAsync();
        await Assertions.Expect(recipient.GetByRole(AriaRole.Status)).ToContainTextAsync("15");
    }

    private static Task<string> SendAsync(ConsoleAxis axis, Cli.Local.LocalAgency from, Cli.Local.LocalAgency to, string subject, byte[] content) =>
        axis.SendAsync(from, to, subject, content);

    private static async Task WaitReceivedAsync(DmsClient dms, Cli.Local.LocalAgency agency, string envelopeId)
    {
        for (var i = 0; i < 300 && !(await dms.InboxAsync(agency.Code.Value)).Any(l => l.EnvelopeId == envelopeId); i++)
        {
            await Task.Delay(100);
        }

        Assert.IsTrue((await dms.InboxAsync(agency.Code.Value)).Any(l => l.EnvelopeId == envelopeId), $"{envelopeId} reached {agency.Code}");
    }

    /// <summary>Reloads the page until <paramref name="locator"/> shows <paramref name="text"/>: the outbox is live only after a reload for now.</summary>
    private static async Task Eventually(IPage page, ILocator locator, string text)
    {
        for (var i = 0; i < 60; i++)
        {
            await page.ReloadAsync();
            if ((await locator.CountAsync()) > 0 && (await locator.InnerTextAsync()).Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(250);
        }

        await Assertions.Expect(locator).ToContainTextAsync(text);
    }

    private static Task<List<string>> WaitAuditAsync(ConsoleAxis axis, Cli.Local.LocalAgency node, string where, int count) =>
        axis.NodeAuditAsync(node, where, count);
}
