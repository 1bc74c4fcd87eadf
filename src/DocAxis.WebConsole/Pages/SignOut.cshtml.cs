using DocAxis.WebConsole.Access;
using DocAxis.WebConsole.Clerk;
using DocAxis.Hosting.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages;

/// <summary>Ends the session (a POST with its antiforgery token, so no other site can sign a person out).</summary>
public sealed class SignOutModel(AuditTrail audit) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.IsAuthenticated == true)
        {
            audit.Record(ClerkDesk.Actor(User), "ConsoleSignOut", "accepted");
        }

        await HttpContext.SignOutAsync(ConsoleAuthentication.Scheme);
        return Redirect("/sign-in");
    }
}
