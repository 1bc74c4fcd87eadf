using DocAxis.Crypto.Trust;
using Grpc.AspNetCore.Server;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace DocAxis.Transport.Peers;

/// <summary>
/// Authenticates every call by its TLS client certificate before a service sees it, so no service
/// can forget to. The TLS handshake only requires that a certificate is presented; validating it
/// here lets an untrusted caller get a status that says which certificate failed and why.
/// </summary>
public sealed class PeerIdentityInterceptor(PeerAuthenticator authenticator) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(request, context);
    }

    public override async Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
        IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        return await continuation(requestStream, context);
    }

    public override async Task ServerStreamingServerHandler<TRequest, TResponse>(
        TRequest request, IServerStreamWriter<TResponse> responseStream, ServerCallContext context, ServerStreamingServerMethod<TRequest, TResponse> continuation)
    {
        await AuthenticateAsync(context);
        await continuation(request, responseStream, context);
    }

    private async Task AuthenticateAsync(ServerCallContext context)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate;
        context.UserState[typeof(PeerIdentity)] = await authenticator.AuthenticateAsync(certificate, CertificatePurpose.TlsClient, context.CancellationToken);
    }
}
