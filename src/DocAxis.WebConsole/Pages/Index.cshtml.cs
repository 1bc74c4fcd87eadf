using DocAxis.WebConsole.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages;

/// <summary>Sends each person to where their work is.</summary>
[Authorize]
public sealed class IndexModel : PageModel
{
    public IActionResult OnGet() =>
        User.IsInRole(ConsoleRoles.Clerk) ? Redirect("/outbox")
        : User.IsInRole(ConsoleRoles.Operator) ? Redirect("/directory")
        : User.IsInRole(ConsoleRoles.Auditor) ? Redirect("/log")
        : Forbid();
}
