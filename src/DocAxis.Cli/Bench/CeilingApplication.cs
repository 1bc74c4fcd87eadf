using System.Net;
using DocAxis.Contracts.V1;
using DocAxis.Hosting;
using DocAxis.Hub;
using DocAxis.Hub.Options;
using DocAxis.Transport.Peers;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocAxis.Cli.Bench;

/// <summary>
/// The ceiling the benchmark compares the hub with: a gRPC SubmissionService on the hub's own
/// listener settings (same Kestrel limits, same mutual TLS, same certificate) that reads every
/// message of a submission and answers, doing nothing else.
/// </summary>
public static class CeilingApplication
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure, Action<IServiceCollection>? services)
    {
        var (builder, options) = DocAxisHost.CreateBuilder(args, configure, HubOptions.Section, new HubOptionsValidator());
        builder.Logging.ClearProviders();
        var credentials = new HubCredentials(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AllowStreamingLetters();
            kestrel.Listen(IPEndPoint.Parse(options.Listen), listen => listen.UseMutualTls(credentials.Tls, credentials.TlsChain));
        });
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = PeerChannels.MaxMessageBytes);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<CeilingSubmissionService>();
        return app;
    }

    private sealed class CeilingSubmissionService : SubmissionService.SubmissionServiceBase
    {
        public override async Task<SignedAcceptance> Submit(IAsyncStreamReader<SubmitRequest> requestStream, ServerCallContext context)
        {
            while (await requestStream.MoveNext(context.CancellationToken))
            {
            }

            return new SignedAcceptance();
        }
    }
}
