using DocAxis.WebConsole.Clerk;
using DocAxis.Storage.Node;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages.Clerk;

/// <summary>Every letter the clerk's agency sent, with its recipients at a glance.</summary>
public sealed class OutboxModel(ClerkDesk desk) : PageModel
{
    public static readonly IReadOnlyList<(string Value, string Label)> States =
    [
        ("Pending", "Có nơi nhận đang gửi"), ("Delivered", "Có nơi nhận đã nhận"), ("Failed", "Có nơi nhận thất bại"),
        ("Queued", "Chờ trục nhận"), ("Refused", "Bị từ chối"),
    ];

    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Recipient { get; set; }
    [BindProperty(SupportsGet = true)] public string? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; }

    public IReadOnlyList<SentLetterSummary> Letters { get; private set; } = [];
    public Pager Pager { get; private set; } = Pager.None;

    public async Task OnGetAsync()
    {
        var filter = ListFilters.Parse(Q, Recipient, States.Any(s => s.Value == State) ? State : null, From, To);
        var rows = await desk.SentAsync(User, filter, PageNumber);
        Letters = [.. rows.Take(ClerkDesk.PageSize)];
        Pager = new Pager(PageNumber, rows.Count > ClerkDesk.PageSize, Request.Query);
    }
}
