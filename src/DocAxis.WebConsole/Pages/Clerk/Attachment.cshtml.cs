using System.Net.Mime;
using DocAxis.WebConsole.Clerk;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages.Clerk;

/// <summary>Streams one attachment from the store to the browser, never held whole in memory.</summary>
public sealed class AttachmentModel(ClerkDesk desk, AuditTrail audit) : PageModel
{
    public async Task<IActionResult> OnGetAsync(string id, int index)
    {
        var (access, letter) = await desk.OpenAsync(User, id);
        if (access != LetterAccess.Allowed)
        {
            return StatusCode(ClerkDesk.StatusOf(access));
        }

        if (index < 0 || index >= letter!.Manifest.Attachments.Count)
        {
            return NotFound();
        }

        var attachment = letter.Manifest.Attachments[index];
        audit.Record(ClerkDesk.Actor(User), "ConsoleDownload", "accepted", id, detail: attachment.Name);
        Response.ContentType = MediaTypeNames.Application.Octet;
        Response.ContentLength = (long)attachment.Size;
        Response.Headers.ContentDisposition = new ContentDisposition { FileName = attachment.Name, DispositionType = "attachment" }.ToString();
        await foreach (var piece in desk.ReadAttachmentAsync(letter, index, HttpContext.RequestAborted))
        {
            await Response.Body.WriteAsync(piece, HttpContext.RequestAborted);
        }

        return new EmptyResult();
    }
}
