using System.Globalization;
using DocAxis.Contracts.V1;
using DocAxis.WebConsole.Clerk;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages.Clerk;

/// <summary>
/// A letter to compose: recipients from the hub's directory, the header, the files; sending streams
/// them up. With <c>?amend=ID&amp;kind=Update|Replace</c> it is an update or a replacement of the
/// agency's earlier letter, to the same recipients, with the earlier header to start from.
/// </summary>
public sealed class ComposeModel(ClerkDesk desk, RecipientSearch recipients, ConsoleClock clock, TimeProvider time) : PageModel
{
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public bool DirectoryProblem { get; private set; }

    /// <summary>The directory is too large to list: the page asks the server for what the clerk types.</summary>
    public bool SearchOnServer { get; private set; }
    public string Today { get; private set; } = "";

    /// <summary>The earlier letter this one updates or replaces, if it does.</summary>
    public LetterView? Amends { get; private set; }
    public BusinessType Amendment { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? amend, BusinessType kind = BusinessType.Update)
    {
        if (amend is not null)
        {
            var (access, view) = await desk.OpenAsync(User, amend);
            if (view?.Sent is null || kind is not (BusinessType.Update or BusinessType.Replace))
            {
                return StatusCode(view is null ? ClerkDesk.StatusOf(access) : 400);
            }

            (Amends, Amendment) = (view, kind);
        }

        await LoadAsync();
        return Page();
    }

    public bool Chosen(Agency agency) => Amends?.Manifest.Recipients.Any(r => r.Code == agency.Code) == true;

    private async Task LoadAsync()
    {
        Today = clock.Today(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (Agencies, SearchOnServer, DirectoryProblem) = await recipients.InitialAsync(
            User, Amends?.Manifest.Recipients.Select(r => r.Code) ?? [], HttpContext.RequestAborted);
    }
}
