using System.Globalization;
using DocAxis.Contracts.V1;
using DocAxis.WebConsole.Clerk;
using DocAxis.Node.HubDirectory;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages.Clerk;

/// <summary>A letter to compose: recipients from the hub's directory, the header, the files; sending streams them up.</summary>
public sealed class ComposeModel(ClerkDesk desk, DirectoryCopy directory, ConsoleClock clock, TimeProvider time) : PageModel
{
    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public bool DirectoryProblem { get; private set; }
    public string Today { get; private set; } = "";

    public async Task OnGetAsync()
    {
        var agency = desk.AgencyOf(User);
        Today = clock.Today(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var known = await directory.GetAsync(agency, afterMiss: false, HttpContext.RequestAborted);
        DirectoryProblem = known is null;
        Agencies = known is null ? [] : [.. known.All.Where(a => a.Enabled && a.Code != agency.Code.Value).OrderBy(a => a.Level).ThenBy(a => a.Name, StringComparer.Create(new CultureInfo("vi-VN"), false))];
    }
}
