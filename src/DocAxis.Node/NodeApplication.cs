using System.Net;
using DocAxis.Core.Deliveries;
using DocAxis.Hosting;
using DocAxis.Hosting.Audit;
using DocAxis.Hosting.Operations;
using DocAxis.Node.Dms;
using DocAxis.Node.Options;
using DocAxis.Node.Receiving;
using DocAxis.Node.Rest;
using DocAxis.Node.Sending;
using DocAxis.Node.Status;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Node;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Refusals;
using DocAxis.Transport.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DocAxis.Node;

/// <summary>
/// Composes an agency node: configuration validated before anything starts, Serilog, two
/// listeners (mutual TLS for the hub's deliveries, a local one for the DMS), storage, the gRPC
/// services and the outbox sender.
/// </summary>
public static class NodeApplication
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null, IHostDoor? door = null)
    {
        var (builder, options) = DocAxisHost.CreateBuilder(args, configure, NodeOptions.Section, new NodeOptionsValidator());
        var data = Path.GetFullPath(options.DataDirectory);
        builder.AddDocAxisLogging(options.Agencies.Count > 0 ? $"node-{options.Agencies[0].Code}" : "node-platform", data);
        var agencies = new HostedAgencies(options);
        var tls = TlsCertificates.Load(options.Tls);
        var chain = TlsCertificates.LoadChain(options.Tls);
        var api = options.ApiTls is { } apiTls ? (TlsCertificates.Load(apiTls), TlsCertificates.LoadChain(apiTls)) : default;
        void Api(ListenOptions listen, HttpProtocols protocols)
        {
            if (api.Item1 is { } certificate)
            {
                listen.UseServerTls(protocols, certificate, api.Item2);
            }
            else
            {
                listen.Protocols = protocols;
            }
        }

        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.UseExchangeLimits();
            kestrel.Listen(IPEndPoint.Parse(options.Listen), listen => listen.UseMutualTls(tls, chain));
            kestrel.Listen(IPEndPoint.Parse(options.DmsListen), listen => Api(listen, HttpProtocols.Http2));
            if (!string.IsNullOrEmpty(options.RestListen))
            {
                kestrel.Listen(IPEndPoint.Parse(options.RestListen), listen => Api(listen, HttpProtocols.Http1));
            }
        });

        AddServices(builder.Services, builder.Configuration, options, agencies, data);
        services?.Invoke(builder.Services);
        door?.AddTo(builder);

        var app = builder.Build();
        door?.MapIn(app);
        app.MapGrpcService<DeliveryGrpcService>();
        app.MapGrpcService<DmsGrpcService>();
        app.MapDocAxisOperations();
        if (!string.IsNullOrEmpty(options.RestListen))
        {
            app.MapEdXmlRest(options);
        }

        return app;
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, NodeOptions options, HostedAgencies agencies, string data)
    {
        services.AddSingleton(options);
        services.AddSingleton(agencies);
        var store = new NodeStore(new SqliteDatabase(Path.Combine(data, "node.db")));
        services.AddSingleton(store);
        services.AddSingleton(new BlobStore(Path.Combine(data, "content"), store));
        services.AddDocAxisTrust(_ => options.Trust);
        services.TryAddSingleton<IJitterSource>(RandomJitter.Shared);
        services.AddSingleton<HubLink>();
        services.AddSingleton<OutboxSignal>();
        services.AddSingleton<LetterComposer>();
        services.AddSingleton<EdXml.EdXmlIntake>();
        services.AddSingleton<EdXml.OrganCodes>();
        services.AddSingleton<EdXml.EdXmlStatuses>();
        services.AddSingleton<EdXml.PackageSignatureVerdicts>();
        services.AddSingleton<HubDirectory.DirectoryCopy>();
        services.AddSingleton<EdXml.EdXmlExport>();
        services.AddOpenApi("openapi");
        services.AddSingleton<StatusReporter>();
        services.AddSingleton<LetterResender>();
        services.AddSingleton<InboxReceiver>();
        services.AddSingleton<Events.EventBell>();
        services.AddSingleton<Events.EventFeed>();

        // Order matters: the schema is migrated before the outbox sender starts.
        services.AddHostedService<NodeStartup>();
        services.AddDocAxisAudit<NodeStore>();
        services.AddSingleton<LetterSubmitter>();
        services.AddHostedService<OutboxSender>();
        services.AddHostedService<StatusRelay>();
        services.AddHostedService<Events.HubEventFollower>();
        if (agencies.ListFile is not null)
        {
            services.AddSingleton<AgencyListWatcher>();
            services.AddHostedService(provider => provider.GetRequiredService<AgencyListWatcher>());
            services.AddHealthChecks().AddCheck<AgencyListWatcher>("agency-list");
        }

        services.AddLocalScheduler(quartz => SweepStagingJob.ScheduleStagingSweep(quartz.ScheduleRevocationRefresh(options.Trust.Revocation)));
        services.AddDocAxisOperations(configuration, store.Database);

        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<RefusalInterceptor>();
            grpc.MaxReceiveMessageSize = PeerChannels.MaxMessageBytes;
        }).AddServiceOptions<DeliveryGrpcService>(delivery => delivery.Interceptors.Add<PeerIdentityInterceptor>());
    }
}
