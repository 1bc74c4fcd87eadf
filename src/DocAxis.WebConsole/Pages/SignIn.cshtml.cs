using DocAxis.WebConsole.Access;
using DocAxis.WebConsole.Clerk;
using DocAxis.Hosting.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DocAxis.WebConsole.Pages;

/// <summary>Signs a person in with a local account or sends them to the identity provider; every attempt is in the exchange log.</summary>
[AllowAnonymous]
public sealed class SignInModel(AccountSignIn accounts, ConsoleOptions options, AuditTrail audit, ConsoleClock clock, IStringLocalizer<Text> text) : PageModel
{
    /// <summary>The identity provider people may sign in with, if one is configured.</summary>
    public OpenIdConnectSignIn? Provider => options.OpenIdConnect;

    public bool LocalAccounts => options.OpenIdConnect?.LocalAccounts ?? true;

    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Problem { get; private set; }

    public void OnGet(bool refused = false)
    {
        if (refused)
        {
            Problem = text["Cổng xác thực không cho phép đăng nhập vào trang này: tài khoản không có vai trò hoặc cơ quan mà trang này phục vụ."];
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (!LocalAccounts)
        {
            return BadRequest();
        }

        var name = UserName.Trim();
        if (name.Length is 0 or > 64 || Password.Length is 0 or > 256)
        {
            Problem = text["Nhập tên đăng nhập và mật khẩu."];
            return Page();
        }

        var outcome = await accounts.CheckAsync(name, Password);
        if (outcome.Principal is not { } principal)
        {
            audit.Record($"console:{name}", "ConsoleSignIn", "refused", reason: outcome.LockedUntil is null ? "SIGN_IN_FAILED" : "ACCOUNT_LOCKED", detail: outcome.LogDetail);
            Problem = outcome.LockedUntil is { } until
                ? text["Tài khoản tạm khóa vì nhập sai mật khẩu nhiều lần; thử lại sau {0}.", clock.Show(until)]
                : text["Tên đăng nhập hoặc mật khẩu không đúng."];
            return Page();
        }

        await HttpContext.SignInAsync(ConsoleAuthentication.Scheme, principal);
        audit.Record(ClerkDesk.Actor(principal), "ConsoleSignIn", "accepted");
        return LocalRedirect(Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : "/");
    }
}
