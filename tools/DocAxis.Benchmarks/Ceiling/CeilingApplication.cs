using System.Net;
using DocAxis.Contracts.V1;
using DocAxis.Hosting;
using DocAxis.Hub;
using DocAxis.Hub.Options;
using DocAxis.Transport.Peers;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DocAxis.Benchmarks.Ceiling;

/// <summary>
/// The ceiling the benchmark compares the hub with: a gRPC SubmissionService on the hub's own
/// listener settings (same Kestrel limits, same mutual TLS, same certificate) that reads every
/// message of a submission and answers with the envelope id it was sent, doing nothing else. With
/// <see cref="CeilingOptions.RelayTo"/> set it is the bare two-hop relay instead: each message is
/// passed on as it arrives, over the hub's own kind of channel and client certificate, to a second
/// ceiling, whose answer it returns. That is the least a letter's two hops (sender to hub, hub to
/// node) can cost on this machine, with nothing verified, stored or signed.
/// </summary>
public static class CeilingApplication
{
    /// <summary>The benchmark program's command that runs this service: <c>ceiling run --config FILE</c>.</summary>
    public const string Command = "ceiling";

    /// <summary>The benchmark program's assembly, which the benchmark starts again as the service's process.</summary>
    public const string Assembly = "docaxis-bench-tools.dll";

    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure, Action<IServiceCollection>? services)
    {
        var (builder, options) = DocAxisHost.CreateBuilder(args, configure, HubOptions.Section, new HubOptionsValidator());
        builder.Logging.ClearProviders();
        var credentials = new HubCredentials(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.UseExchangeLimits();
            kestrel.Listen(IPEndPoint.Parse(options.Listen), listen => listen.UseMutualTls(credentials.Tls, credentials.TlsChain));
        });
        builder.Services.AddGrpc(grpc => grpc.MaxReceiveMessageSize = PeerChannels.MaxMessageBytes);
        services?.Invoke(builder.Services);
        var relayTo = builder.Configuration.GetSection(CeilingOptions.Section).Get<CeilingOptions>()?.RelayTo;
        if (relayTo is not null)
        {
            var authenticator = PeerAuthenticator.Anchored(options.Trust.Anchors, options.Trust.Intermediates);
            builder.Services.AddSingleton(new SubmissionService.SubmissionServiceClient(PeerChannels.Create(relayTo, credentials.Tls, authenticator)));
        }

        var app = builder.Build();
        if (relayTo is null)
        {
            app.MapGrpcService<CeilingSubmissionService>();
        }
        else
        {
            app.MapGrpcService<RelaySubmissionService>();
        }

        return app;
    }

    /// <summary>What the ceiling answers: the letter's envelope id, in the form a hub's acceptance carries it, unsigned.</summary>
    private static SignedAcceptance Answer(string envelopeId) =>
        new() { Body = new AcceptanceReceipt { EnvelopeId = envelopeId }.ToByteString() };

    private sealed class CeilingSubmissionService : SubmissionService.SubmissionServiceBase
    {
        public override async Task<SignedAcceptance> Submit(IAsyncStreamReader<SubmitRequest> requestStream, ServerCallContext context)
        {
            var envelopeId = "";
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                envelopeId = requestStream.Current.Header?.EnvelopeId ?? envelopeId;
            }

            return Answer(envelopeId);
        }
    }

    private sealed class RelaySubmissionService(SubmissionService.SubmissionServiceClient next) : SubmissionService.SubmissionServiceBase
    {
        public override async Task<SignedAcceptance> Submit(IAsyncStreamReader<SubmitRequest> requestStream, ServerCallContext context)
        {
            using var call = next.Submit(cancellationToken: context.CancellationToken);
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                await call.RequestStream.WriteAsync(requestStream.Current, context.CancellationToken);
            }

            await call.RequestStream.CompleteAsync();
            return await call.ResponseAsync;
        }
    }
}
