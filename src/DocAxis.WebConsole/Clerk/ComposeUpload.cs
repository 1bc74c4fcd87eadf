using System.Text.Json;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Hosting.Audit;
using DocAxis.Node.HubDirectory;
using DocAxis.Node.Options;
using DocAxis.Node.Sending;
using DocAxis.Storage.Blobs;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace DocAxis.WebConsole.Clerk;

/// <summary>
/// Sends a letter a clerk composed: a multipart body whose first part ("letter") is the header as
/// JSON, then the files in its order, each streamed into staging as it arrives (never held whole),
/// then signed and queued by the same composer as the DMS API. A refusal leaves nothing staged.
/// </summary>
internal static class ComposeUpload
{
    private const int MaxHeaderBytes = 64 * 1024;

    public static async Task<IResult> SendAsync(
        HttpContext context, ClerkDesk desk, IAntiforgery antiforgery, LetterComposer composer, DirectoryCopy directory, BlobStore blobs, NodeOptions node, ConsoleOptions console, AuditTrail audit)
    {
        if (!await antiforgery.IsRequestValidAsync(context))
        {
            return Results.BadRequest(new { reason = "ANTIFORGERY_INVALID", message = "The form's token is missing or wrong; reload the page." });
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
        {
            body.MaxRequestBodySize = console.MaxUploadBytes;
        }

        var agency = desk.AgencyOf(context.User);
        try
        {
            var boundary = HeaderUtilities.RemoveQuotes(MediaTypeHeaderValue.Parse(context.Request.ContentType).Boundary).Value
                ?? throw new RefusalException(RefusalReason.MalformedMessage, "The upload is not multipart/form-data.", "body");
            var reader = new MultipartReader(boundary, context.Request.Body) { HeadersLengthLimit = 16 * 1024 };
            var draft = await ReadDraftAsync(reader, context.RequestAborted);
            var manifest = draft.ToManifest();
            if (draft.Amends is { Length: > 0 } amends && (await desk.OpenAsync(context.User, amends)).View?.Sent is null)
            {
                // Only the agency's own sent letter may be amended; the hub says so too, but later.
                throw new RefusalException(RefusalReason.ReferenceInvalid, $"Letter {amends} is not a letter {agency.Code} sent.", "amends");
            }

            composer.Complete(manifest, agency);
            // The hub would refuse a recipient it does not know; the clerk hears it now, not after the upload.
            await directory.EnsureRecipientsAsync(agency, manifest.Recipients, "recipients", context.RequestAborted);

            var expected = manifest.Attachments.Select(a => new ExpectedContent(a.Name, null, null)).ToList();
            var staged = await AttachmentIntake.ReceiveAsync(blobs, expected, FilesAsync(reader, draft, context.RequestAborted), node.MaxAttachmentBytes, context.RequestAborted);
            var queued = await composer.QueueAsync(agency, manifest, staged, "ConsoleSend");
            audit.Record(ClerkDesk.Actor(context.User), "ConsoleSend", "queued", queued.EnvelopeId, detail: $"{staged.Count} attachments, {staged.Sum(s => s.Size)} bytes");
            return Results.Ok(new { envelopeId = queued.EnvelopeId });
        }
        catch (RefusalException e)
        {
            audit.Record(ClerkDesk.Actor(context.User), "ConsoleSend", "refused", reason: e.Reason.ToWireName(), detail: e.Message);
            return Results.UnprocessableEntity(new { reason = e.Reason.ToWireName(), message = e.Message });
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or JsonException or FormatException)
        {
            audit.Record(ClerkDesk.Actor(context.User), "ConsoleSend", "refused", reason: "MALFORMED_MESSAGE", detail: e.Message);
            return Results.BadRequest(new { reason = "MALFORMED_MESSAGE", message = e.Message });
        }
    }

    private static async Task<ComposedLetter> ReadDraftAsync(MultipartReader reader, CancellationToken cancellationToken)
    {
        var section = await reader.ReadNextSectionAsync(cancellationToken);
        if (section?.AsFormDataSection() is not { Name: "letter" } letter)
        {
            throw new RefusalException(RefusalReason.MalformedMessage, "The upload must begin with the letter's header (a part named \"letter\").", "letter");
        }

        var buffer = new MemoryStream();
        await section.Body.CopyToAsync(buffer, cancellationToken);
        if (buffer.Length > MaxHeaderBytes)
        {
            throw new RefusalException(RefusalReason.LimitExceeded, $"The letter's header is over {MaxHeaderBytes} bytes.", "letter");
        }

        return JsonSerializer.Deserialize<ComposedLetter>(buffer.ToArray(), ComposedLetter.Json)
            ?? throw new RefusalException(RefusalReason.MalformedMessage, "The letter's header is empty.", "letter");
    }

    /// <summary>The files that follow the header, as the chunks the composer's intake reads; each must be the next the header names.</summary>
    private static async IAsyncEnumerable<(int Index, ReadOnlyMemory<byte> Data)> FilesAsync(
        MultipartReader reader, ComposedLetter draft, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        var index = 0;
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            var file = section.AsFileSection()
                ?? throw new RefusalException(RefusalReason.MalformedMessage, "After the header, every part must be a file.", "files");
            if (index >= draft.Files.Count || file.FileName != draft.Files[index].Name)
            {
                throw new RefusalException(RefusalReason.AttachmentMismatch, $"File \"{file.FileName}\" is not the next attachment the header names.", "files");
            }

            int read;
            while ((read = await section.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                yield return (index, buffer.AsMemory(0, read));
            }

            index++;
        }
    }
}
