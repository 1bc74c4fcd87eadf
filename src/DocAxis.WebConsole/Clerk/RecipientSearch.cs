using System.Globalization;
using System.Security.Claims;
using DocAxis.Contracts.V1;
using DocAxis.Node.HubDirectory;
using Microsoft.AspNetCore.Http;

namespace DocAxis.WebConsole.Clerk;

/// <summary>
/// The agencies a clerk may write to, from the node's copy of the hub's directory: all of them on
/// the compose page while the directory is small, else the matches of what the clerk types
/// (by code, or by name with or without diacritics: <see cref="Core.Letters.SearchText"/>), a few at a time.
/// </summary>
public sealed class RecipientSearch(ClerkDesk desk, DirectoryCopy directory, ConsoleOptions options)
{
    public const string Path = "/compose/agencies";
    public const int MostMatches = 30;

    private static readonly StringComparer ByName = StringComparer.Create(CultureInfo.GetCultureInfo("vi-VN"), false);

    /// <summary>The agencies the page lists at first, whether the directory is too large to list, and whether it could be fetched at all.</summary>
    public async Task<(IReadOnlyList<Agency> Listed, bool SearchOnServer, bool Unavailable)> InitialAsync(ClaimsPrincipal user, IEnumerable<string> chosen, CancellationToken cancellationToken)
    {
        var writable = await WritableAsync(user, cancellationToken);
        if (writable is null)
        {
            return ([], false, true);
        }

        if (writable.Count <= options.RecipientListLimit)
        {
            return (Ordered(writable), false, false);
        }

        var codes = chosen.ToHashSet(StringComparer.Ordinal);
        return (Ordered(writable.Where(a => codes.Contains(a.Code))), true, false);
    }

    /// <summary>GET /compose/agencies?q=: up to <see cref="MostMatches"/> agencies matching at least two typed characters.</summary>
    public static async Task<IResult> SearchAsync(HttpContext context, RecipientSearch search, string? q)
    {
        var words = ListFilters.Bounded(q, 100);
        if (words is null || words.Length < 2)
        {
            return Results.Json(Array.Empty<object>());
        }

        var writable = await search.WritableAsync(context.User, context.RequestAborted) ?? [];
        var matches = Ordered(writable.Where(a => a.Code.Contains(words, StringComparison.OrdinalIgnoreCase) || Core.Letters.SearchText.Matches(a.Name, words)))
            .Take(MostMatches)
            .Select(a => new { code = a.Code, name = a.Name });
        return Results.Json(matches);
    }

    private async Task<IReadOnlyList<Agency>?> WritableAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var agency = desk.AgencyOf(user);
        var known = await directory.GetAsync(agency, afterMiss: false, cancellationToken);
        return known is null
            ? null
            : [.. known.All.Where(a => a.Enabled && a.Code != agency.Code.Value)];
    }

    // Sorted after filtering: a keystroke's search sorts its matches, not the whole directory.
    private static List<Agency> Ordered(IEnumerable<Agency> agencies) => [.. agencies.OrderBy(a => a.Level).ThenBy(a => a.Name, ByName)];
}
