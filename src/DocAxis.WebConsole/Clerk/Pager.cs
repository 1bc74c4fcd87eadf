using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace DocAxis.WebConsole.Clerk;

/// <summary>Previous and next links that keep a list's filters.</summary>
public sealed record Pager(int Page, bool HasNext, IQueryCollection Query)
{
    public static readonly Pager None = new(0, false, new QueryCollection());

    public bool HasPrevious => Page > 0;

    public string Link(int page)
    {
        var query = new QueryBuilder(Query.Where(q => q.Key != "page").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))))
        {
            { "page", page.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        };
        return query.ToString();
    }
}
