using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Directory;
using DocAxis.WebConsole.Clerk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;
using ProtoAgency = DocAxis.Contracts.V1.Agency;
using ProtoLevel = DocAxis.Contracts.V1.GovernmentLevel;

namespace DocAxis.WebConsole.Pages.Operator;

/// <summary>
/// Adds an agency to the directory or edits one, through the same <see cref="DirectoryChanges"/> as
/// the gRPC DirectoryService: a refused entry names its field and changes nothing.
/// </summary>
public sealed class AgencyModel(DirectoryChanges changes, AuditTrail audit, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty] public AgencyForm Form { get; set; } = new();

    public bool Editing { get; private set; }
    public string? Problem { get; private set; }
    public string? ProblemField { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? code)
    {
        if (code is null)
        {
            return Page();
        }

        if (!AgencyCode.TryParse(code, out var parsed))
        {
            return NotFound();
        }

        try
        {
            Form = AgencyForm.From(await changes.FindAsync(parsed));
            Editing = true;
            return Page();
        }
        catch (RefusalException)
        {
            return NotFound();
        }
    }

    public async Task<IActionResult> OnPostAsync(string? code)
    {
        Editing = code is not null;
        if (Editing && !string.Equals(code, Form.Code, StringComparison.Ordinal))
        {
            return BadRequest();
        }

        try
        {
            var stored = await changes.PutAsync(ClerkDesk.Actor(User), Form.ToProto());
            return Redirect($"/directory?q={Uri.EscapeDataString(stored.Code.Value)}&saved={Uri.EscapeDataString(stored.Code.Value)}");
        }
        catch (RefusalException e)
        {
            audit.Record(ClerkDesk.Actor(User), "PutAgency", "refused", reason: e.Reason.ToWireName(), detail: e.Message);
            Problem = text["Không lưu được: {0}", e.Message];
            ProblemField = e.Details is { } details && details.TryGetValue("field", out var field) ? field.Replace("agency.", "", StringComparison.Ordinal) : null;
            Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
            return Page();
        }
    }
}

/// <summary>A directory entry as the form holds it; the rules are <see cref="DirectoryChanges"/>'s, not the form's.</summary>
public sealed class AgencyForm
{
    public string Code { get; set; } = "";
    public string Name { get; set; } = "";
    public GovernmentLevel Level { get; set; } = GovernmentLevel.Commune;
    public string? ParentCode { get; set; }
    public string? NodeEndpoint { get; set; }
    public string? LegacyCode { get; set; }
    public bool Enabled { get; set; } = true;

    public static AgencyForm From(Agency agency) => new()
    {
        Code = agency.Code.Value, Name = agency.Name, Level = agency.Level, ParentCode = agency.ParentCode?.Value,
        NodeEndpoint = agency.NodeEndpoint?.ToString(), LegacyCode = agency.LegacyCode, Enabled = agency.Enabled,
    };

    public ProtoAgency ToProto() => new()
    {
        Code = Code.Trim(), Name = Name.Trim(), Level = (ProtoLevel)(int)Level, ParentCode = ParentCode?.Trim() ?? "",
        NodeEndpoint = NodeEndpoint?.Trim() ?? "", LegacyCode = LegacyCode?.Trim() ?? "", Enabled = Enabled,
    };
}
