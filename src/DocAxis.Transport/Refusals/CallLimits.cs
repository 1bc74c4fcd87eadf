using DocAxis.Core;
using DocAxis.Transport.Peers;
using Grpc.Core;

namespace DocAxis.Transport.Refusals;

/// <summary>
/// The bounds on a call that gRPC or Kestrel would otherwise enforce with a bare status or a
/// closed connection (which clients read as "unavailable, retry"): each becomes a refusal that
/// names its limit, is logged and audited like any other. The listeners accept request metadata
/// past <see cref="MaxMetadataBytes"/> (see DocAxisHost.UseExchangeLimits) so that such a call
/// reaches this refusal.
/// </summary>
public static class CallLimits
{
    /// <summary>The most request metadata a call may carry, names and values together.</summary>
    public const int MaxMetadataBytes = 32 * 1024;

    public const string MetadataLimitName = "max_metadata_bytes";

    public const string MessageLimitName = "max_message_bytes";

    public static void EnsureMetadataWithinLimit(ServerCallContext context)
    {
        long size = 0;
        foreach (var entry in context.RequestHeaders)
        {
            size += entry.Key.Length + (entry.IsBinary ? entry.ValueBytes.Length : System.Text.Encoding.UTF8.GetByteCount(entry.Value));
        }

        if (size > MaxMetadataBytes)
        {
            throw new RefusalException(
                RefusalReason.LimitExceeded,
                $"The call's metadata is {size} bytes; the limit is {MaxMetadataBytes}. Send large values in the request message instead.",
                new Dictionary<string, string> { ["limit"] = MetadataLimitName });
        }
    }

    /// <summary>A request stream whose message over <see cref="PeerChannels.MaxMessageBytes"/> is a refusal naming the limit.</summary>
    public static IAsyncStreamReader<T> Bounded<T>(IAsyncStreamReader<T> requests) => new BoundedReader<T>(requests);

    private sealed class BoundedReader<T>(IAsyncStreamReader<T> inner) : IAsyncStreamReader<T>
    {
        public T Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            try
            {
                return await inner.MoveNext(cancellationToken);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                throw new RefusalException(
                    RefusalReason.LimitExceeded,
                    $"A message of the call is larger than {PeerChannels.MaxMessageBytes} bytes, the most one message may be; attachments travel in chunks of 64 KiB.",
                    new Dictionary<string, string> { ["limit"] = MessageLimitName });
            }
        }
    }
}
