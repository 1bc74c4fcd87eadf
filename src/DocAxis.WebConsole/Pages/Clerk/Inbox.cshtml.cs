using DocAxis.WebConsole.Clerk;
using DocAxis.Storage.Node;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages.Clerk;

/// <summary>The letters the clerk's agency received, new ones first.</summary>
public sealed class InboxModel(ClerkDesk desk) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Sender { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; }

    public IReadOnlyList<InboxLetter> Letters { get; private set; } = [];
    public Pager Pager { get; private set; } = Pager.None;

    public async Task OnGetAsync()
    {
        var state = State == "New" || Statuses.Reportable.Any(s => s.Code == State) ? State : null;
        var rows = await desk.ReceivedAsync(User, ListFilters.Parse(Q, Sender, state, null, null), PageNumber);
        Letters = [.. rows.Take(ClerkDesk.PageSize)];
        Pager = new Pager(PageNumber, rows.Count > ClerkDesk.PageSize, Request.Query);
    }
}
