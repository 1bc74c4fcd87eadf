using System.Text.Json;
using DocAxis.Contracts.V1;

namespace DocAxis.WebConsole.Clerk;

/// <summary>
/// The header of a letter a clerk composed, as the compose page sends it ahead of the files; an
/// update or a replacement names the earlier letter it amends and why.
/// </summary>
public sealed record ComposedLetter(
    IReadOnlyList<string> Recipients, string Subject, string Number, string Notation, string IssueDate, string TypeName,
    string SignerName, string SignerPosition, int Urgency, string Summary, IReadOnlyList<ComposedFile> Files,
    string? Amends = null, int Amendment = 0, string? AmendmentReason = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { MaxDepth = 8 };

    /// <summary>The manifest the composer completes, checks and signs; the letter rules apply there, as for a DMS.</summary>
    public Manifest ToManifest()
    {
        var manifest = new Manifest
        {
            Code = new DocumentCode { Number = Number ?? "", Notation = Notation ?? "" },
            IssueDate = IssueDate ?? "",
            DocumentType = new DocumentType { Name = TypeName ?? "" },
            Subject = Subject ?? "",
            Summary = Summary ?? "",
            Signer = new SignerInfo { FullName = SignerName ?? "", Position = SignerPosition ?? "" },
            Urgency = Enum.IsDefined(typeof(Contracts.V1.Urgency), Urgency) ? (Contracts.V1.Urgency)Urgency : Contracts.V1.Urgency.Normal,
        };
        if (Amends is { Length: > 0 })
        {
            // From the compose page only an update or a replacement; a recall has its own form.
            manifest.BusinessType = Amendment is (int)BusinessType.Update or (int)BusinessType.Replace
                ? (BusinessType)Amendment
                : throw new Core.RefusalException(Core.RefusalReason.FieldInvalid, "amendment must be 2 (update) or 3 (replace).", "amendment");
            manifest.ReferencedEnvelopeId = Amends;
            manifest.BusinessReason = AmendmentReason?.Trim() ?? "";
        }

        manifest.Recipients.AddRange((Recipients ?? []).Select(code => new AgencyRef { Code = code.Trim() }));
        manifest.Attachments.AddRange((Files ?? []).Select(f => new Attachment { Name = f.Name ?? "", MediaType = string.IsNullOrEmpty(f.Type) ? "application/octet-stream" : f.Type }));
        return manifest;
    }
}

public sealed record ComposedFile(string Name, string Type);
