using System.Globalization;
using System.Text.Json;
using DocAxis.Contracts.V1;
using DocAxis.Node.Events;
using Microsoft.AspNetCore.Http;

namespace DocAxis.WebConsole.Clerk;

/// <summary>
/// The console's live feed: the clerk's agency's event record as server-sent events, the same
/// record and cursor a DMS follows with WatchEvents. A browser that loses the stream reconnects
/// with Last-Event-ID and misses nothing; quiet streams carry a comment line as heartbeat.
/// </summary>
public static class LiveEvents
{
    public static async Task StreamAsync(HttpContext context, ClerkDesk desk, EventFeed feed)
    {
        var agency = desk.AgencyOf(context.User);
        var after = Cursor(context.Request.Headers["Last-Event-ID"]) ?? Cursor(context.Request.Query["after"]) ?? 0;
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-store";
        // Proxies such as nginx would otherwise hold events back in their buffers.
        context.Response.Headers["X-Accel-Buffering"] = "no";
        await context.Response.WriteAsync("retry: 2000\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await feed.WatchAsync(agency, after, item => WriteAsync(context, item), context.RequestAborted);
    }

    private static async Task WriteAsync(HttpContext context, WatchEventsResponse item)
    {
        var text = item.Event is { } e
            ? $"id: {e.Sequence}\nevent: letter\ndata: {JsonSerializer.Serialize(new { sequence = e.Sequence, kind = e.Kind.ToString(), envelopeId = e.EnvelopeId, counterpart = e.CounterpartCode, status = e.StatusCode })}\n\n"
            : ": heartbeat\n\n";
        await context.Response.WriteAsync(text, context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private static long? Cursor(string? value) =>
        long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cursor) && cursor >= 0 ? cursor : null;
}
