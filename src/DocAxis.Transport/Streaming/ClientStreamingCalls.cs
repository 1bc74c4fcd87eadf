using Grpc.Core;

namespace DocAxis.Transport.Streaming;

public static class ClientStreamingCalls
{
    private static readonly TimeSpan AnswerGrace = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Writes a client stream and returns the server's answer. A server may answer before it has
    /// read everything (a letter it already holds is answered with the original receipt), or fail
    /// the call part-way; then the remaining writes fail, and the server's answer or status is the
    /// outcome rather than the write error.
    /// </summary>
    public static async Task<TResponse> SendAsync<TRequest, TResponse>(
        AsyncClientStreamingCall<TRequest, TResponse> call, Func<IClientStreamWriter<TRequest>, Task> writeAll)
    {
        try
        {
            await writeAll(call.RequestStream);
            await call.RequestStream.CompleteAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or RpcException or IOException)
        {
            if (await Task.WhenAny(call.ResponseAsync, Task.Delay(AnswerGrace)) != call.ResponseAsync)
            {
                throw;
            }
        }

        return await call.ResponseAsync;
    }
}
