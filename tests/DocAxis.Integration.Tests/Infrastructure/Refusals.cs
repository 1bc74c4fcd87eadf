using DocAxis.Core;
using DocAxis.Transport.Refusals;
using Grpc.Core;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Asserts that a call was refused with an exact status code and reason.</summary>
public static class Refusals
{
    public static async Task<RefusalException> AssertRefusedAsync(Func<Task> call, StatusCode code, RefusalReason reason)
    {
        var error = await Assert.ThrowsExactlyAsync<RpcException>(call);
        Assert.AreEqual(code, error.StatusCode, error.Status.Detail);
        var refusal = RefusalStatus.FromRpcException(error);
        Assert.IsNotNull(refusal, $"The status carries no docaxis.v1 ErrorInfo: {error.Status}");
        Assert.AreEqual(reason, refusal.Reason, refusal.Message);
        Assert.IsFalse(string.IsNullOrWhiteSpace(refusal.Message));
        return refusal;
    }
}
