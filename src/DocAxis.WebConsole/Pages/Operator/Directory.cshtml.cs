using DocAxis.Core.Agencies;
using DocAxis.Hub.Directory;
using DocAxis.Storage.Hub;
using DocAxis.WebConsole.Clerk;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace DocAxis.WebConsole.Pages.Operator;

/// <summary>The hub's directory by level of government, where an operator disables an agency.</summary>
public sealed class DirectoryModel(HubStore store, DirectoryChanges changes, IStringLocalizer<Text> text) : PageModel
{
    [BindProperty(SupportsGet = true)] public GovernmentLevel? Level { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }
    [BindProperty(SupportsGet = true)] public string? Saved { get; set; }

    public IReadOnlyList<Agency> Agencies { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync()
    {
        if (ListFilters.Bounded(Saved, 20) is { } saved)
        {
            Message = text["Đã lưu {0}.", saved];
        }

        await LoadAsync();
    }

    public async Task<IActionResult> OnPostDisableAsync(string code)
    {
        if (!AgencyCode.TryParse(code, out var agency) || await store.Directory.GetAgencyAsync(agency) is null)
        {
            return NotFound();
        }

        var stored = await changes.DisableAsync(ClerkDesk.Actor(User), agency);
        Message = text["Đã ngừng {0}; thư gửi đến cơ quan này sẽ bị từ chối.", stored.Code];
        await LoadAsync();
        return Page();
    }

    public static string LevelWords(GovernmentLevel level) => level switch
    {
        GovernmentLevel.Central => "Trung ương",
        GovernmentLevel.Province => "Tỉnh",
        GovernmentLevel.District => "Huyện",
        GovernmentLevel.Commune => "Xã",
        _ => level.ToString(),
    };

    private async Task LoadAsync()
    {
        var words = Q?.Trim();
        Agencies = [.. (await store.Directory.ListAgenciesAsync(Level, includeDisabled: true))
            .Where(a => string.IsNullOrEmpty(words) || a.Code.Value.Contains(words, StringComparison.OrdinalIgnoreCase)
                || Core.Letters.SearchText.Matches(a.Name, words))
            .OrderBy(a => a.Level).ThenBy(a => a.Code.Value, StringComparer.Ordinal)];
    }
}
