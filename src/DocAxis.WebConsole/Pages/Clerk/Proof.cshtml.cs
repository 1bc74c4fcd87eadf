using DocAxis.WebConsole.Clerk;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages.Clerk;

/// <summary>A printable proof that a sent letter reached one recipient, from the signed records themselves.</summary>
public sealed class ProofModel(ClerkDesk desk, ProofOfDelivery proofs, AuditTrail audit) : PageModel
{
    public DeliveryProof? Proof { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, string recipient) => await LoadAsync(id, recipient) ?? Page();

    /// <summary>The receipt's bytes or its CMS signature, for checking with other tools.</summary>
    public async Task<IActionResult> OnGetReceiptAsync(string id, string recipient, string part)
    {
        if (await LoadAsync(id, recipient) is { } refused)
        {
            return refused;
        }

        if (Proof!.SignedReceipt is not { } receipt || part is not ("body" or "signature"))
        {
            return NotFound();
        }

        var bytes = part == "body" ? receipt.Body.ToByteArray() : receipt.Signature.ToByteArray();
        return File(bytes, part == "body" ? "application/octet-stream" : "application/pkcs7-signature", $"receipt-{recipient}.{(part == "body" ? "bin" : "p7s")}");
    }

    private async Task<IActionResult?> LoadAsync(string id, string recipient)
    {
        var (access, letter) = await desk.OpenAsync(User, id);
        if (access != LetterAccess.Allowed)
        {
            return StatusCode(ClerkDesk.StatusOf(access));
        }

        if (letter!.Sent is not { } sent || !letter.Manifest.Recipients.Any(r => r.Code == recipient))
        {
            return NotFound();
        }

        Proof = await proofs.BuildAsync(desk.AgencyOf(User), sent, recipient, HttpContext.RequestAborted);
        audit.Record(ClerkDesk.Actor(User), "ConsoleProof", Proof.Proven ? "proven" : "unproven", id, detail: recipient);
        return null;
    }
}
