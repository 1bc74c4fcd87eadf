using Grpc.Core;
using Grpc.Net.Client;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// Calls SubmissionService.Submit with raw bytes as messages, so that a test can send what no
/// well-behaved client would: malformed protobuf, mutated fields, messages out of order.
/// </summary>
public static class RawSubmission
{
    private static readonly Marshaller<byte[]> Bytes = Marshallers.Create(b => b, b => b);

    private static readonly Method<byte[], byte[]> Submit =
        new(MethodType.ClientStreaming, "docaxis.v1.SubmissionService", "Submit", Bytes, Bytes);

    /// <summary>Sends the messages and returns the raw answer; throws the call's RpcException on a refusal.</summary>
    public static async Task<byte[]> SendAsync(GrpcChannel channel, IEnumerable<byte[]> messages, CancellationToken cancellationToken = default)
    {
        using var call = channel.CreateCallInvoker().AsyncClientStreamingCall(Submit, null, new CallOptions(cancellationToken: cancellationToken));
        return await Transport.Streaming.ClientStreamingCalls.SendAsync(call, async requests =>
        {
            foreach (var message in messages)
            {
                await requests.WriteAsync(message, cancellationToken);
            }
        });
    }
}
