using DocAxis.Core;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Streaming;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace DocAxis.Transport.Refusals;

/// <summary>
/// The one place where a domain refusal becomes a gRPC status. Services throw
/// <see cref="RefusalException"/>; callers get the status code, the reason in the details, and the
/// sentence. A malformed protobuf message becomes MALFORMED_MESSAGE rather than an opaque error.
/// </summary>
public sealed partial class RefusalInterceptor(ILogger<RefusalInterceptor> logger, IEnumerable<IRefusalObserver> observers) : Interceptor
{

    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            CallLimits.EnsureMetadataWithinLimit(context);
            return await continuation(request, context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw status;
        }
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            CallLimits.EnsureMetadataWithinLimit(context);
            return await continuation(CallLimits.Bounded(requestStream), context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            // Answering before the request has ended would make HTTP/2 reset the stream (see ChunkStreams.DrainAsync).
            await ChunkStreams.DrainAsync(requestStream, context.CancellationToken);
            throw status;
        }
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            CallLimits.EnsureMetadataWithinLimit(context);
            await continuation(request, responseStream, context);
        }
        catch (Exception e) when (Translate(e, context) is { } status)
        {
            throw status;
        }
    }

    private RpcException? Translate(Exception exception, ServerCallContext context)
    {
        var refusal = exception switch
        {
            RefusalException r => r,
            Google.Protobuf.InvalidProtocolBufferException p => new RefusalException(RefusalReason.MalformedMessage, $"A message could not be parsed: {p.Message}"),
            _ when IsStoreOutage(exception) => new RefusalException(
                RefusalReason.StoreUnavailable, "The service cannot reach its database right now; nothing was stored. Retry later."),
            _ => null,
        };
        if (refusal is null)
        {
            return null;
        }

        LogRefused(logger, context.Method, refusal.Reason.ToWireName(), context.Peer, context.EnvelopeId() ?? "(none)", refusal.Message);
        foreach (var observer in observers)
        {
            observer.Refused(context, refusal);
        }

        return RefusalStatus.ToRpcException(refusal);
    }

    /// <summary>A database that is down or restarting: the call may simply be made again later.</summary>
    private static bool IsStoreOutage(Exception exception) => exception switch
    {
        System.Data.Common.DbException { IsTransient: true } => true,
        System.Data.Common.DbException db when db.InnerException is System.Net.Sockets.SocketException or IOException or TimeoutException => true,
        TimeoutException => true,
        _ => exception.InnerException is { } inner && inner is System.Data.Common.DbException && IsStoreOutage(inner),
    };

    [LoggerMessage(EventId = 100, EventName = "Refused", Level = LogLevel.Warning,
        Message = "Refused {Method} from {Peer} for letter {EnvelopeId}: {Reason} {Detail}")]
    private static partial void LogRefused(ILogger logger, string method, string reason, string peer, string envelopeId, string detail);
}
