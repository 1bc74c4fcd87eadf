using DocAxis.Core;
using DocAxis.Transport.Refusals;
using Grpc.Core;

namespace DocAxis.Node.Sending;

/// <summary>Tells a hub's refusal (final: retrying would not change it) from a failure to reach it (retried).</summary>
internal static class HubRefusals
{
    private static readonly StatusCode[] FinalCodes =
    [
        StatusCode.InvalidArgument, StatusCode.PermissionDenied, StatusCode.NotFound,
        StatusCode.FailedPrecondition, StatusCode.AlreadyExists, StatusCode.ResourceExhausted,
    ];

    /// <summary>The refusal, if the hub refused; null if the failure is worth retrying.</summary>
    public static RefusalException? AsRefusal(Exception error) =>
        error is RpcException rpc && FinalCodes.Contains(rpc.StatusCode) ? RefusalStatus.FromRpcException(rpc) : null;

    public static string Describe(Exception error) => error switch
    {
        RpcException rpc when RefusalStatus.FromRpcException(rpc) is { } refusal => $"{refusal.Reason.ToWireName()}: {refusal.Message}",
        RpcException rpc => $"The hub could not be reached ({rpc.StatusCode}): {rpc.Status.Detail}",
        _ => error.Message,
    };
}
