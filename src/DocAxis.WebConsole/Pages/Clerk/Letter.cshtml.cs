using System.Globalization;
using System.Security.Claims;
using DocAxis.WebConsole.Clerk;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using DocAxis.Node.Sending;
using DocAxis.Node.Status;
using DocAxis.Storage.Node;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DocAxis.WebConsole.Pages.Clerk;

/// <summary>One letter: its header, attachments, recipients or status, and what happened to it.</summary>
public sealed class LetterModel(ClerkDesk desk, StatusReporter reporter, LetterResender resender, LetterComposer composer, ConsoleClock clock, TimeProvider time, AuditTrail audit, IStringLocalizer<Text> text) : PageModel
{
    public LetterView? Letter { get; private set; }
    public string? Message { get; private set; }
    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id) => await LoadAsync(id) ?? Page();

    public async Task<IActionResult> OnPostReportAsync(string id, string code, string? description)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        if (Letter!.Received is null)
        {
            return BadRequest();
        }

        var agency = desk.AgencyOf(User);
        try
        {
            await reporter.ReportAsync(agency, new ReportStatusRequest
            {
                AgencyCode = agency.Code.Value, EnvelopeId = id, StatusCode = code ?? "", Description = description ?? "",
                StaffName = User.FindFirstValue(ClaimTypes.Name) ?? "",
            });
            audit.Record(ClerkDesk.Actor(User), "ConsoleReportStatus", "accepted", id, detail: code);
            Message = text["Đã gửi trạng thái {0}.", Statuses.Describe(text, code)];
        }
        catch (RefusalException e)
        {
            audit.Record(ClerkDesk.Actor(User), "ConsoleReportStatus", "refused", id, e.Reason.ToWireName(), e.Message);
            Problem = text["Không gửi được trạng thái: {0}", e.Message];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }

        await LoadAsync(id);
        return Page();
    }

    /// <summary>Recalls the letter (edXML 13): a revoke letter to the same recipients, who answer 15 or 16.</summary>
    public async Task<IActionResult> OnPostRecallAsync(string id, string? reason)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        if (Letter!.Sent is null)
        {
            return BadRequest();
        }

        var agency = desk.AgencyOf(User);
        var original = Letter.Manifest;
        var revoke = new Manifest
        {
            Recipients = { original.Recipients },
            Code = original.Code,
            IssueDate = clock.Today(time.GetUtcNow()).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            IssuePlace = original.IssuePlace,
            DocumentType = original.DocumentType,
            Subject = original.Subject,
            BusinessType = Contracts.V1.BusinessType.Revoke,
            ReferencedEnvelopeId = id,
            BusinessReason = (reason ?? "").Trim(),
        };
        try
        {
            composer.Complete(revoke, agency);
            var queued = await composer.QueueAsync(agency, revoke, [], "ConsoleRecall");
            audit.Record(ClerkDesk.Actor(User), "ConsoleRecall", "queued", id, detail: $"revoke letter {queued.EnvelopeId}: {revoke.BusinessReason}");
            return Redirect($"/letters/{queued.EnvelopeId}");
        }
        catch (RefusalException e)
        {
            audit.Record(ClerkDesk.Actor(User), "ConsoleRecall", "refused", id, e.Reason.ToWireName(), e.Message);
            Problem = text["Không thu hồi được: {0}", e.Message];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }

    public async Task<IActionResult> OnPostResendAsync(string id, string? reason)
    {
        if (await LoadAsync(id) is { } refused)
        {
            return refused;
        }

        if (Letter!.Sent is null)
        {
            return BadRequest();
        }

        var agency = desk.AgencyOf(User);
        try
        {
            var resent = await resender.ResendAsync(
                agency, new ResendLetterRequest { AgencyCode = agency.Code.Value, EnvelopeId = id, Reason = (reason ?? "").Trim() }, ClerkDesk.Actor(User), HttpContext.RequestAborted);
            Message = text["Đã yêu cầu gửi lại đến {0}.", string.Join(", ", resent.Deliveries.Select(d => d.RecipientCode))];
        }
        catch (RefusalException e)
        {
            audit.Record(ClerkDesk.Actor(User), "ResendLetter", "refused", id, e.Reason.ToWireName(), e.Message);
            Problem = text["Không gửi lại được: {0}", e.Message];
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        }
        catch (Grpc.Core.RpcException e)
        {
            Problem = text["Không gửi lại được: {0}", e.Status.Detail];
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        }

        await LoadAsync(id);
        return Page();
    }

    private async Task<IActionResult?> LoadAsync(string id)
    {
        var (access, view) = await desk.OpenAsync(User, id);
        Letter = view;
        return access == LetterAccess.Allowed ? null : StatusCode(ClerkDesk.StatusOf(access));
    }

    public static string UrgencyWords(Contracts.V1.Urgency urgency) => urgency switch
    {
        Contracts.V1.Urgency.Urgent => "Khẩn",
        Contracts.V1.Urgency.VeryUrgent => "Thượng khẩn",
        Contracts.V1.Urgency.Flash => "Hỏa tốc",
        Contracts.V1.Urgency.FlashTimed => "Hỏa tốc hẹn giờ",
        _ => "Thường",
    };

    public static string Size(ulong bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB"),
    };

    public static string Describe(IStringLocalizer text, LetterEventRow e) => e.Kind switch
    {
        LetterEventKinds.Received => text["Đã nhận từ {0}", e.CounterpartCode ?? ""],
        LetterEventKinds.Accepted => text["Trục đã tiếp nhận"],
        LetterEventKinds.Refused => text["Trục từ chối: {0}", e.Detail ?? ""],
        LetterEventKinds.AttemptFailed => text["Gửi đến {0} chưa được (lần {1}): {2}", e.CounterpartCode ?? "", e.Attempt ?? 0, e.Detail ?? ""],
        LetterEventKinds.Delivered => text["{0} đã nhận", e.CounterpartCode ?? ""],
        LetterEventKinds.Status => text["{0} báo {1}", e.CounterpartCode ?? "", Statuses.Describe(text, e.StatusCode)],
        LetterEventKinds.Failed => text["Gửi đến {0} thất bại: {1}", e.CounterpartCode ?? "", e.Detail ?? ""],
        LetterEventKinds.Requeued => text["Gửi lại đến {0}: {1}", e.CounterpartCode ?? "", e.Detail ?? ""],
        LetterEventKinds.Amended => text["Đã gửi văn bản thay thế hoặc đính chính: {0}", e.Detail ?? ""],
        LetterEventKinds.Forwarded => text["Đã chuyển tiếp đến trục {0} để gửi {1}", e.Detail ?? "", e.CounterpartCode ?? ""],
        _ => e.Kind,
    };
}
