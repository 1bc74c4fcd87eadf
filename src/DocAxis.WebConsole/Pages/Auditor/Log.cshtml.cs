using System.Globalization;
using System.Text;
using System.Text.Json;
using DocAxis.Crypto.Signing;
using DocAxis.Hosting.Audit;
using DocAxis.Hub;
using DocAxis.Storage;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Hub;
using DocAxis.WebConsole.Clerk;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DocAxis.WebConsole.Pages.Auditor;

/// <summary>The hub's exchange log for an auditor: searched, paged, exported, and its chain and seals verified.</summary>
public sealed class LogModel(HubStore store, SignatureVerifier verifier, HubCredentials credentials, AuditTrail audit) : PageModel
{
    private const int PageSize = 50;
    private const int ExportPage = 1000;

    [BindProperty(SupportsGet = true)] public string? Agency { get; set; }
    [BindProperty(SupportsGet = true)] public string? Envelope { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? From { get; set; }
    [BindProperty(SupportsGet = true)] public string? To { get; set; }
    [BindProperty(SupportsGet = true)] public long After { get; set; }

    public IReadOnlyList<AuditEntry> Entries { get; private set; } = [];
    public long? NextAfter { get; private set; }
    public AuditVerification? Verification { get; private set; }

    public async Task OnGetAsync()
    {
        var rows = await store.Audit.QueryAsync(Query(After, PageSize + 1));
        Entries = [.. rows.Take(PageSize)];
        NextAfter = rows.Count > PageSize ? Entries[^1].Id : null;
        audit.Record(ClerkDesk.Actor(User), "ConsoleQueryAudit", "read", Envelope, detail: Request.QueryString.Value);
    }

    /// <summary>Every entry the search finds, streamed page by page as CSV or JSON Lines.</summary>
    public async Task<IActionResult> OnGetExportAsync(string format)
    {
        var csv = format != "jsonl";
        Response.ContentType = csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
        Response.Headers.ContentDisposition = $"attachment; filename=exchange-log.{(csv ? "csv" : "jsonl")}";
        audit.Record(ClerkDesk.Actor(User), "ConsoleExportAudit", "read", Envelope, detail: $"{format} {Request.QueryString.Value}");
        await using var writer = new StreamWriter(Response.Body, new UTF8Encoding(false));
        if (csv)
        {
            await writer.WriteLineAsync("id,at,actor,action,outcome,envelope_id,reason,detail");
        }

        for (long after = 0; ;)
        {
            var rows = await store.Audit.QueryAsync(Query(after, ExportPage));
            foreach (var e in rows)
            {
                await writer.WriteLineAsync(csv ? Csv(e) : JsonSerializer.Serialize(new
                {
                    id = e.Id, at = Epoch.FromMs(e.At), actor = e.Actor, action = e.Action, outcome = e.Outcome, envelope_id = e.EnvelopeId, reason = e.Reason, detail = e.Detail,
                }));
            }

            if (rows.Count < ExportPage)
            {
                break;
            }

            after = rows[^1].Id;
        }

        return new EmptyResult();
    }

    public async Task OnPostVerifyAsync()
    {
        Verification = await AuditVerifier.VerifyAsync(store.Audit, seal => AuditSeals.ProblemAsync(seal, verifier, credentials.Identity));
        audit.Record(ClerkDesk.Actor(User), "ConsoleVerifyAudit", Verification.Intact ? "intact" : "broken", detail: Verification.Problem?.Description);
        await OnGetAsync();
    }

    public string PageLink(long after) => Link(("after", after.ToString(CultureInfo.InvariantCulture)));

    public string ExportLink(string format) => Link(("handler", "Export"), ("format", format));

    private string Link(params (string Key, string Value)[] extra)
    {
        var query = new QueryBuilder(Request.Query.Where(q => q.Key is not ("after" or "handler" or "format")).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))));
        foreach (var (key, value) in extra)
        {
            query.Add(key, value);
        }

        return "/log" + query;
    }

    private AuditQuery Query(long after, int limit) =>
        new(ListFilters.Bounded(Agency, 20), ListFilters.Bounded(Envelope, 36), ListFilters.Bounded(Action, 50), ListFilters.Day(From), ListFilters.Day(To)?.AddDays(1), after, limit);

    private static string Csv(AuditEntry e) => string.Join(',', new[]
    {
        e.Id.ToString(CultureInfo.InvariantCulture), Epoch.FromMs(e.At).ToString("O", CultureInfo.InvariantCulture), e.Actor, e.Action, e.Outcome, e.EnvelopeId ?? "", e.Reason ?? "", e.Detail ?? "",
    }.Select(Field));

    // A field that could be read as a formula by a spreadsheet is quoted with a leading apostrophe.
    private static string Field(string value)
    {
        var safe = value.Length > 0 && "=+-@\t\r".Contains(value[0], StringComparison.Ordinal) ? "'" + value : value;
        return safe.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? $"\"{safe.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : safe;
    }
}
