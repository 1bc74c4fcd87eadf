using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Letters;
using DocAxis.Node.Dms;
using DocAxis.Node.EdXml;
using DocAxis.Node.HubDirectory;
using DocAxis.Node.Options;
using DocAxis.Node.Status;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;

namespace DocAxis.Node.Rest;

/// <summary>
/// edXML over HTTP/1.1 and JSON for a DMS that cannot speak gRPC, shaped after the provincial
/// platforms' truclienthong API: list received letters, get one as base64 edXML, send base64 edXML
/// (a letter or a status message), update a letter's status, list agencies. A bearer token per
/// agency says who calls; requests are bounded by Node:RestMaxBodyBytes.
/// </summary>
internal static class EdXmlRestApi
{
    public const string Prefix = "/edxml/v1";

    private static readonly Dictionary<string, string> PlatformStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["INITIAL"] = "01",
        ["PROCESSING"] = "05",
        ["DONE"] = "06",
        ["FAIL"] = "02",
    };

    public static void MapEdXmlRest(this WebApplication app, NodeOptions options)
    {
        var port = System.Net.IPEndPoint.Parse(options.RestListen).Port;
        // Matched on the socket the request came in on, not its Host header, which a proxy may rewrite.
        var api = app.MapGroup(Prefix).AddEndpointFilter((context, next) =>
            context.HttpContext.Connection.LocalPort == port ? next(context) : ValueTask.FromResult<object?>(Results.NotFound())).WithTags("edXML");
        api.MapGet("/vanbans", ListAsync).WithSummary("Letters received by the token's agency, oldest first");
        api.MapGet("/vanbans/{id}", GetAsync).WithSummary("One received letter as a base64 edXML package");
        api.MapPost("/vanbans", SendAsync).WithSummary("Send a base64 edXML letter (type edoc) or status message (type status)");
        api.MapPut("/vanbans/{id}", UpdateAsync).WithSummary("Report what the agency did with a received letter");
        api.MapGet("/donvilienthongs", AgenciesAsync).WithSummary("The agencies of the directory, with their older codes");
        app.MapOpenApi($"{Prefix}/{{documentName}}.json").AddEndpointFilter((context, next) =>
            context.HttpContext.Connection.LocalPort == port ? next(context) : ValueTask.FromResult<object?>(Results.NotFound()));
    }

    private static Task<IResult> ListAsync(HttpContext http, HostedAgencies agencies, NodeStore store, bool unreported = false, int limit = 100) => Run(http, agencies, async agency =>
    {
        var rows = await store.ListInboxAsync(agency.Code.Value, null, unreported, Math.Clamp(limit, 1, 1000));
        return Results.Ok(rows.Select(r => new ReceivedLetter(
            r.EnvelopeId, r.DocumentId, r.SenderCode, r.SenderName, string.IsNullOrEmpty(r.Notation) ? r.Number : $"{r.Number}/{r.Notation}", r.Subject,
            Epoch.FromMs(r.ReceivedAt), r.StatusCode ?? string.Empty, (int)r.BusinessType, r.AmendedBy ?? string.Empty)));
    });

    /// <summary>Streams the JSON answer, base64-encoding the package as it is written: nothing is held whole.</summary>
    private static Task<IResult> GetAsync(HttpContext http, string id, HostedAgencies agencies, NodeStore store, EdXmlExport export) => Run(http, agencies, async agency =>
    {
        var envelopeId = EnvelopeId.Parse(id, "id").ToString();
        if (await store.FindInboxAsync(envelopeId, agency.Code.Value) is null)
        {
            throw new RefusalException(RefusalReason.EnvelopeUnknown, $"Agency {agency.Code} has no letter {envelopeId} in its inbox.", "id");
        }

        return Results.Stream(async body =>
        {
            await body.WriteAsync(Encoding.UTF8.GetBytes($"{{\"id\":\"{envelopeId}\",\"type\":\"edoc\",\"content\":\""), http.RequestAborted);
            await using (var base64 = new CryptoStream(body, new ToBase64Transform(), CryptoStreamMode.Write, leaveOpen: true))
            {
                await export.WriteLetterAsync(agency, envelopeId, base64, http.RequestAborted);
                await base64.FlushFinalBlockAsync(http.RequestAborted);
            }

            await body.WriteAsync("\"}"u8.ToArray(), http.RequestAborted);
        }, "application/json");
    });

    private static Task<IResult> SendAsync(HttpContext http, HostedAgencies agencies, NodeOptions options, EdXmlIntake intake, EdXmlStatuses statuses) => Run(http, agencies, async agency =>
    {
        var body = await ReadAsync<PackageBody>(http, options);
        var bytes = Base64(body.Content);
        switch (body.Type?.ToLowerInvariant())
        {
            case "edoc":
                var sent = await intake.ImportAsync(agency, new MemoryStream(bytes, writable: false), body.Id ?? string.Empty, http.RequestAborted);
                return Results.Json(new SendResult(sent.EnvelopeId, sent.State.ToString(), sent.QueuedAt.ToDateTimeOffset()), statusCode: StatusCodes.Status201Created);
            case "status":
                var reported = await statuses.ImportAsync(agency, ByteString.CopyFrom(bytes), body.Id ?? string.Empty, http.RequestAborted);
                return Results.Json(new SendResult(reported.ReportId, "Queued", reported.QueuedAt.ToDateTimeOffset()), statusCode: StatusCodes.Status201Created);
            default:
                throw new RefusalException(RefusalReason.FieldInvalid, $"type \"{body.Type}\" is neither \"edoc\" (a letter) nor \"status\" (a status message).", "type");
        }
    });

    private static Task<IResult> UpdateAsync(HttpContext http, string id, HostedAgencies agencies, NodeOptions options, StatusReporter reporter) => Run(http, agencies, async agency =>
    {
        var update = await ReadAsync<StatusUpdate>(http, options);
        var code = update.Status is not null && PlatformStatuses.TryGetValue(update.Status, out var mapped) ? mapped : update.Status ?? string.Empty;
        var reported = await reporter.ReportAsync(agency, new ReportStatusRequest
        {
            AgencyCode = agency.Code.Value,
            EnvelopeId = id,
            StatusCode = code,
            Description = update.Description ?? string.Empty,
            Staff = new StaffInfo { Staff = update.Staff ?? string.Empty, Department = update.Department ?? string.Empty },
        });
        return Results.Ok(new SendResult(reported.ReportId, "Queued", reported.QueuedAt.ToDateTimeOffset()));
    });

    private static Task<IResult> AgenciesAsync(HttpContext http, HostedAgencies agencies, DirectoryCopy directory) => Run(http, agencies, async agency =>
    {
        var snapshot = await directory.GetAsync(agency, afterMiss: false, http.RequestAborted)
            ?? throw new RefusalException(RefusalReason.DirectoryUnavailable, "The hub's directory cannot be fetched now and this node holds no copy yet; retry later.");
        return Results.Ok(snapshot.All.OrderBy(a => a.Code, StringComparer.Ordinal).Select(a => new DirectoryEntry(
            a.Code, a.LegacyCode, a.Name, a.Level.ToString().ToLowerInvariant(), a.ParentCode, a.Enabled)));
    });

    private static async Task<IResult> Run(HttpContext http, HostedAgencies agencies, Func<HostedAgency, Task<IResult>> handle)
    {
        try
        {
            var agency = DmsTokens.AgencyOf(http.Request.Headers.Authorization.ToString() is { Length: > 0 } value ? value : null, agencies);
            return await handle(agency);
        }
        catch (RefusalException e)
        {
            return RestErrors.Of(e);
        }
        catch (RpcException e)
        {
            return RestErrors.Of(e);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return RestErrors.Of(RestErrors.TooLarge(http.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpContext http, NodeOptions options)
        where T : class
    {
        if (http.Request.ContentLength > options.RestMaxBodyBytes)
        {
            throw RestErrors.TooLarge(options.RestMaxBodyBytes);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.RestMaxBodyBytes;
        }

        try
        {
            return await JsonSerializer.DeserializeAsync<T>(http.Request.Body, JsonSerializerOptions.Web, http.RequestAborted)
                ?? throw new RefusalException(RefusalReason.MalformedMessage, "The request body is empty; send a JSON object.");
        }
        catch (JsonException e)
        {
            throw new RefusalException(RefusalReason.MalformedMessage, $"The request body is not the JSON object this endpoint takes: {e.Message}");
        }
    }

    private static byte[] Base64(string? content)
    {
        try
        {
            return Convert.FromBase64String(content ?? string.Empty);
        }
        catch (FormatException)
        {
            throw new RefusalException(RefusalReason.FieldInvalid, "content is not base64: it must hold the edXML package's bytes, base64-encoded.", "content");
        }
    }
}
