using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages;

/// <summary>Switches between Vietnamese and English, kept in a cookie for a year.</summary>
[AllowAnonymous]
public sealed class LanguageModel(TimeProvider time) : PageModel
{
    public IActionResult OnPost(string culture, string? returnUrl)
    {
        if (culture is not (ConsoleCultures.Vietnamese or ConsoleCultures.English))
        {
            return BadRequest();
        }

        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = time.GetUtcNow().AddYears(1), Secure = Request.IsHttps, HttpOnly = true, SameSite = SameSiteMode.Strict, IsEssential = true });
        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
