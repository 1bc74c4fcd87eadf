using DocAxis.Core;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Resend;
using DocAxis.Storage.Hub;
using DocAxis.WebConsole.Clerk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DocAxis.WebConsole.Pages.Operator;

/// <summary>
/// The failed deliveries, newest failure first, where an operator re-queues one or many at once
/// (the same <see cref="DeliveryRequeue"/> as the ResendService, so the same checks and log entries).
/// </summary>
public sealed class QueueModel(HubStore store, DeliveryRequeue requeue, AuditTrail audit, IStringLocalizer<Text> text) : PageModel
{
    public const int PageSize = 50;

    /// <summary>More than a page would hold is not a choice a person made.</summary>
    private const int MaxSelected = PageSize;

    [BindProperty(SupportsGet = true)] public string? Sender { get; set; }
    [BindProperty(SupportsGet = true)] public string? Recipient { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; }

    public IReadOnlyList<FailedDelivery> Failed { get; private set; } = [];
    public Pager Pager { get; private set; } = Pager.None;
    public IReadOnlyList<string> Done { get; private set; } = [];
    public IReadOnlyList<string> Problems { get; private set; } = [];

    public async Task OnGetAsync()
    {
        PageNumber = Math.Clamp(PageNumber, 0, 10_000);
        var rows = await store.Failed.ListAsync(new FailedQuery(
            ListFilters.Bounded(Sender, 20), ListFilters.Bounded(Recipient, 20), PageNumber * PageSize, PageSize + 1));
        Failed = [.. rows.Take(PageSize)];
        Pager = new Pager(PageNumber, rows.Count > PageSize, Request.Query);
    }

    /// <summary>Re-queues the one delivery whose button was pressed, or else every one ticked; each letter is checked and moved on its own.</summary>
    public async Task<IActionResult> OnPostRequeueAsync(string? one, string[]? selected, string? reason)
    {
        var keys = one is not null ? [one] : (selected ?? []);
        if (keys.Length == 0 || keys.Length > MaxSelected)
        {
            Problems = [text["Hãy chọn từ 1 đến {0} lần gửi hỏng.", MaxSelected]];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            await OnGetAsync();
            return Page();
        }

        var done = new List<string>();
        var problems = new List<string>();
        foreach (var letter in keys.Select(Key).GroupBy(k => k.Envelope))
        {
            try
            {
                var requeued = await requeue.RequeueAsync(ClerkDesk.Actor(User), letter.Key, [.. letter.Select(k => k.Recipient)], reason ?? "");
                done.AddRange(requeued.Deliveries.Select(d => $"{d.EnvelopeId} → {d.RecipientCode}"));
            }
            catch (RefusalException e)
            {
                audit.Record(ClerkDesk.Actor(User), "Requeue", "refused", letter.Key.Length <= 36 ? letter.Key : null, e.Reason.ToWireName(), e.Message);
                problems.Add(text["Không đưa lại vào hàng đợi {0}: {1}", letter.Key, e.Message]);
            }
        }

        (Done, Problems) = (done, problems);
        if (done.Count == 0)
        {
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await OnGetAsync();
        return Page();
    }

    public static string KeyOf(FailedDelivery delivery) => $"{delivery.EnvelopeId}|{delivery.RecipientCode}";

    private static (string Envelope, string Recipient) Key(string key)
    {
        var bar = key.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? (key, "") : (key[..bar], key[(bar + 1)..]);
    }
}
