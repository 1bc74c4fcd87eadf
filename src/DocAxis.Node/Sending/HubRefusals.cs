using DocAxis.Core;
using DocAxis.Transport.Refusals;
using Grpc.Core;

namespace DocAxis.Node.Sending;

/// <summary>Tells a hub's refusal (final: retrying would not change it) from a failure to reach it (retried).</summary>
internal static class HubRefusals
{
    /// <summary>How long a DMS's call waits for the hub before it is told the hub is unreachable.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);

    private static readonly StatusCode[] FinalCodes =
    [
        StatusCode.InvalidArgument, StatusCode.PermissionDenied, StatusCode.NotFound,
        StatusCode.FailedPrecondition, StatusCode.AlreadyExists, StatusCode.ResourceExhausted,
    ];

    /// <summary>The refusal, if the hub refused; null if the failure is worth retrying.</summary>
    public static RefusalException? AsRefusal(Exception error) =>
        error is RpcException rpc && FinalCodes.Contains(rpc.StatusCode) ? RefusalStatus.FromRpcException(rpc) : null;

    /// <summary>
    /// Asks the hub on a DMS's behalf: the hub's refusal becomes the DMS's, with its own status and
    /// reason; a hub that cannot be reached within <see cref="Deadline"/> is UNAVAILABLE, saying
    /// <paramref name="unreachable"/> (e.g. "nothing was re-queued").
    /// </summary>
    public static async Task<T> RelayAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken callerGone, string unreachable)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(callerGone);
        timeout.CancelAfter(Deadline);
        try
        {
            return await call(timeout.Token);
        }
        catch (RpcException e) when (RefusalStatus.FromRpcException(e) is { } refusal)
        {
            throw refusal;
        }
        catch (RpcException e) when (!callerGone.IsCancellationRequested)
        {
            throw new RpcException(new Grpc.Core.Status(StatusCode.Unavailable, $"The hub could not be reached; {unreachable}. {Describe(e)}"));
        }
    }

    public static string Describe(Exception error) => error switch
    {
        RpcException rpc when RefusalStatus.FromRpcException(rpc) is { } refusal => $"{refusal.Reason.ToWireName()}: {refusal.Message}",
        RpcException rpc => $"The hub could not be reached ({rpc.StatusCode}): {rpc.Status.Detail}",
        _ => error.Message,
    };
}
