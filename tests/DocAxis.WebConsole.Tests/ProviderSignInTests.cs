using System.Text.RegularExpressions;
using DocAxis.WebConsole.Tests.Infrastructure;
using Microsoft.Playwright;

namespace DocAxis.WebConsole.Tests;

/// <summary>
/// Signing in through an OpenID Connect provider, in Chromium: the code flow with PKCE through
/// ASP.NET Core's handler, the role and agency taken from the ID token, and nobody let in on a role
/// or an agency the console does not serve.
/// </summary>
[TestClass]
public sealed class ProviderSignInTests : BrowserTest
{
    private const string ProviderName = "Cổng xác thực thử nghiệm";

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task PeopleSignInThroughTheProviderWithTheRoleAndAgencyItsTokenGivesAndNoOther()
    {
        await using var provider = await TestIdentityProvider.StartAsync(
        [
            new("lan.nt", "Nguyễn Thị Lan", ["nhan-vien", "docaxis-clerk"], ConsoleAxis.Office.Code.Value),
            new("hung.pv", "Phạm Văn Hùng", ["docaxis-clerk"], ConsoleAxis.Province.Code.Value),
            new("minh.lt", "Lê Thị Minh", ["nhan-vien"], ConsoleAxis.Office.Code.Value),
            new("kiem.pt", "Phạm Thị Kiểm", ["docaxis-auditor"], null),
        ]);
        await using var axis = await ConsoleAxis.StartAsync("provider-sign-in", loopback =>
        {
            UseProvider(loopback.NodeOverrides, "Node", provider);
            UseProvider(loopback.HubOverrides, "Hub", provider);
        });
        var office = axis.ConsoleOf(ConsoleAxis.Office);

        // The Office's clerk, by the provider: the clerk's agency comes from the token.
        await using var lan = await Browser.NewContextAsync();
        var page = await lan.NewPageAsync();
        await page.GotoAsync(new Uri(office, "/outbox").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/sign-in"));
        await Assertions.Expect(page.GetByLabel("Mật khẩu")).ToHaveCountAsync(0, new() { Timeout = 2_000 });
        await Browse.AssertAccessibleAsync(page);
        await SignInAsync(page, "Nguyễn Thị Lan");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/outbox$"));
        await Assertions.Expect(page.Locator(".who")).ToContainTextAsync($"Nguyễn Thị Lan · {ConsoleAxis.Office.Code}");
        var session = (await lan.CookiesAsync()).Single(c => c.Name == "DocAxis.WebConsole");
        Assert.IsTrue(session.HttpOnly);
        Assert.AreEqual(SameSiteAttribute.Lax, session.SameSite, "Lax: the provider's answer comes from its own site");
        await Browse.ScreenshotAsync(page, TestContext, "provider-signed-in");

        // A clerk of an agency this node does not host, and a person without a DocAxis role: not let in.
        foreach (var (name, user) in new[] { ("Phạm Văn Hùng", "hung.pv"), ("Lê Thị Minh", "minh.lt") })
        {
            await using var refused = await Browser.NewContextAsync();
            var other = await refused.NewPageAsync();
            await other.GotoAsync(new Uri(office, "/sign-in").ToString());
            await SignInAsync(other, name);
            await Assertions.Expect(other.GetByRole(AriaRole.Alert)).ToContainTextAsync("không cho phép");
            await other.GotoAsync(new Uri(office, "/outbox").ToString());
            await Assertions.Expect(other).ToHaveURLAsync(new Regex("/sign-in"), new() { Timeout = 5_000 });
            Assert.HasCount(1, await axis.NodeAuditAsync(ConsoleAxis.Office, $"action = 'ConsoleSignIn' AND actor = 'console:{user}' AND outcome = 'refused'", 1), user);
        }

        Assert.AreEqual(
            "accepted ",
            (await axis.NodeAuditAsync(ConsoleAxis.Office, $"action = 'ConsoleSignIn' AND actor = 'console:lan.nt@{ConsoleAxis.Office.Code}' AND detail LIKE 'OpenID Connect%'", 1)).Single());

        // An auditor at the hub: the log, not the directory.
        await using var kiem = await Browser.NewContextAsync();
        var log = await kiem.NewPageAsync();
        await log.GotoAsync(new Uri(axis.Axis.HubConsoleEndpoint, "/log").ToString());
        await SignInAsync(log, "Phạm Thị Kiểm");
        await Assertions.Expect(log).ToHaveURLAsync(new Regex("/log$"));
        await Assertions.Expect(log.Locator("#log")).ToBeVisibleAsync();
        Assert.AreEqual(403, (await log.GotoAsync(new Uri(axis.Axis.HubConsoleEndpoint, "/directory").ToString()))!.Status);
        Assert.IsEmpty(provider.Refusals, "every token request was the console's own, with its secret and verifier");
    }

    private static async Task SignInAsync(IPage page, string person)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = $"Đăng nhập bằng {ProviderName}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = person }).ClickAsync();
    }

    private static void UseProvider(Dictionary<string, string?> overrides, string host, TestIdentityProvider provider)
    {
        var section = $"{host}:Console:OpenIdConnect";
        overrides[$"{section}:Authority"] = provider.Issuer.ToString();
        overrides[$"{section}:ClientId"] = TestIdentityProvider.ClientId;
        overrides[$"{section}:ClientSecret"] = TestIdentityProvider.ClientSecret;
        overrides[$"{section}:RequireHttpsMetadata"] = "false";
        overrides[$"{section}:DisplayName"] = ProviderName;
        overrides[$"{section}:LocalAccounts"] = "false";
    }
}
