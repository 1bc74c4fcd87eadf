using System.Net;
using DocAxis.Core.Deliveries;
using DocAxis.Hosting;
using DocAxis.Hub.Access;
using DocAxis.Hosting.Audit;
using DocAxis.Hosting.Operations;
using DocAxis.Hub.Telemetry;
using DocAxis.Hub.Delivery;
using DocAxis.Hub.Directory;
using DocAxis.Hub.Jobs;
using DocAxis.Hub.Options;
using DocAxis.Hub.Status;
using DocAxis.Hub.Submission;
using DocAxis.Hub.Trace;
using DocAxis.Storage;
using DocAxis.Storage.Blobs;
using DocAxis.Storage.Hub;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Refusals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;

namespace DocAxis.Hub;

/// <summary>
/// Composes a hub: configuration (appsettings.json, environment variables, command line, then
/// whatever the caller adds), validated before anything starts; Serilog; the mutual-TLS listener;
/// storage; the gRPC services; the delivery dispatcher and the Quartz jobs.
/// </summary>
public static class HubApplication
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null, IHostDoor? door = null)
    {
        var (builder, options) = DocAxisHost.CreateBuilder(args, configure, HubOptions.Section, new HubOptionsValidator());
        var data = Path.GetFullPath(options.DataDirectory);
        builder.AddDocAxisLogging("hub", data);
        var credentials = new HubCredentials(options);
        builder.Services.Configure<Microsoft.Extensions.Hosting.HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.UseExchangeLimits();
            kestrel.Listen(IPEndPoint.Parse(options.Listen), listen => listen.UseMutualTls(credentials.Tls, credentials.TlsChain));
        });

        AddServices(builder.Services, builder.Configuration, options, credentials, data);
        services?.Invoke(builder.Services);
        door?.AddTo(builder);

        var app = builder.Build();
        door?.MapIn(app);
        app.MapGrpcService<SubmissionGrpcService>();
        app.MapGrpcService<StatusGrpcService>();
        app.MapGrpcService<TraceGrpcService>();
        app.MapGrpcService<Resend.ResendGrpcService>();
        app.MapGrpcService<DirectoryGrpcService>();
        app.MapGrpcService<Audit.AuditGrpcService>();
        app.MapGrpcService<Statistics.StatisticsGrpcService>();
        app.MapGrpcService<Federation.FederationGrpcService>();
        app.MapDocAxisOperations();
        return app;
    }

    /// <summary>
    /// The scheduler for work done once for the whole hub (sweeping the shared staging area). On
    /// SQLite (one machine) it keeps its jobs in memory. On PostgreSQL and SQL Server every instance
    /// joins one clustered scheduler on the hub's database (tables made by the migrations), so each
    /// firing runs on exactly one instance and a dead instance's work is taken over. Claiming due
    /// deliveries runs on every instance's local scheduler instead: the leases share the work out.
    /// </summary>
    private static void ConfigureScheduler(IQuartzBuilder quartz, StorageOptions storage)
    {
        if (storage.Provider == StorageProvider.Sqlite)
        {
            // Several hubs may share a process (tests, the demo); each gets its own scheduler.
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = $"docaxis-hub-{Guid.NewGuid():N}");
            return;
        }

        quartz.ConfigureScheduler(scheduler =>
        {
            scheduler.InstanceName = "docaxis-hub";
            scheduler.GenerateInstanceId = true;
        });
        quartz.UsePersistentStore(store =>
        {
            store.ConfigureStore(ado => ado.TablePrefix = "qrtz_");
            store.UseClustering(cluster =>
            {
                cluster.CheckinInterval = TimeSpan.FromSeconds(5);
                cluster.CheckinMisfireThreshold = TimeSpan.FromSeconds(20);
            });
            store.UseSystemTextJsonSerializer();
            if (storage.Provider == StorageProvider.PostgreSql)
            {
                store.UsePostgres(storage.ConnectionString);
            }
            else
            {
                store.UseSqlServer(storage.ConnectionString);
            }
        });
    }

    private static void AddServices(IServiceCollection services, IConfiguration configuration, HubOptions options, HubCredentials credentials, string data)
    {
        services.AddSingleton(options);
        services.AddSingleton(credentials);
        var store = new HubStore(options.Storage.Open(data));
        services.AddSingleton(store);
        services.AddSingleton(new BlobStore(options.Storage.Content(data), store));
        services.AddDocAxisTrust(_ => options.Trust);
        services.TryAddSingleton<IJitterSource>(RandomJitter.Shared);

        // Order matters: the schema is migrated before the dispatcher and the jobs start.
        services.AddHostedService<HubStartup>();
        services.AddDocAxisAudit<HubStore>();
        services.AddHostedService<Audit.ConfigurationAudit>();
        services.AddSingleton<ActingAgencies>();
        services.AddSingleton<HubRoles>();
        services.AddSingleton<DeliveryCounts>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryCounts>());
        services.AddSingleton<HubMetrics>();
        services.AddSingleton<IRefusalObserver, MeteredRefusals>();
        services.AddDocAxisOperations(configuration, store.Database, HubMetrics.MeterName);
        services.AddSingleton<DeliveryAttempt>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
        services.AddSingleton(sp => new InstanceHeartbeat(sp.GetRequiredService<HubStore>(), sp.GetRequiredService<DeliveryDispatcher>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService(sp => sp.GetRequiredService<InstanceHeartbeat>());
        services.AddSingleton<LetterIntake>();
        services.AddSingleton<Federation.Routes>();
        services.AddSingleton<Federation.LetterForwarder>();
        services.AddSingleton<Federation.ForwardIntake>();
        services.AddSingleton<Federation.RelayedEventApplier>();
        services.AddSingleton<Federation.RelayFollower>();
        services.AddSingleton<Federation.DirectoryPublisher>();
        services.AddSingleton<Federation.DirectoryFollower>();
        services.AddSingleton<Federation.DirectoryCopies>();
        services.AddHealthChecks().AddCheck<Federation.DirectoryCopies>("directory-copies");
        services.AddSingleton<DirectoryChanges>();
        services.AddSingleton(sp => new Resend.DeliveryRequeue(
            sp.GetRequiredService<HubStore>(), sp.GetRequiredService<DeliveryDispatcher>(), sp.GetRequiredService<AuditTrail>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Resend.DeliveryRequeue>>()));
        services.AddSingleton<Statistics.ExchangeStatistics>();
        services.AddSingleton<Statistics.StatisticsReader>();

        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<RefusalInterceptor>();
            grpc.Interceptors.Add<PeerIdentityInterceptor>();
            grpc.MaxReceiveMessageSize = PeerChannels.MaxMessageBytes;
        });

        services.AddLocalScheduler(quartz =>
        {
            quartz.ScheduleJob<RetryDeliveriesJob>(
                trigger => trigger.StartNow().WithSimpleSchedule(s => s.WithInterval(options.Delivery.PollInterval).RepeatForever()),
                job => job.WithIdentity(RetryDeliveriesJob.Key));
            quartz.ScheduleRevocationRefresh(options.Trust.Revocation);
        });
        services.AddQuartz(quartz =>
        {
            ConfigureScheduler(quartz, options.Storage);
            SweepStagingJob.ScheduleStagingSweep(quartz);
            quartz.ScheduleJob<SealAuditJob>(
                trigger => trigger.WithIdentity(SealAuditJob.Key.Name, SealAuditJob.Key.Group)
                    .StartNow().WithSimpleSchedule(s => s.WithInterval(options.AuditSealInterval).RepeatForever()),
                job => job.WithIdentity(SealAuditJob.Key));
            quartz.ScheduleJob<Federation.FollowPeerHubsJob>(
                trigger => trigger.WithIdentity(Federation.FollowPeerHubsJob.Key.Name, Federation.FollowPeerHubsJob.Key.Group)
                    .StartNow().WithSimpleSchedule(s => s.WithInterval(options.Federation.PollInterval).RepeatForever()),
                job => job.WithIdentity(Federation.FollowPeerHubsJob.Key));
            quartz.ScheduleJob<Federation.SyncDirectoriesJob>(
                trigger => trigger.WithIdentity(Federation.SyncDirectoriesJob.Key.Name, Federation.SyncDirectoriesJob.Key.Group)
                    .StartNow().WithSimpleSchedule(s => s.WithInterval(options.Federation.DirectoryInterval).RepeatForever()),
                job => job.WithIdentity(Federation.SyncDirectoriesJob.Key));
            quartz.ScheduleJob<ComputeStatisticsJob>(
                trigger => trigger.WithIdentity(ComputeStatisticsJob.Key.Name, ComputeStatisticsJob.Key.Group)
                    .StartNow().WithSimpleSchedule(s => s.WithInterval(options.Statistics.Interval).RepeatForever()),
                job => job.WithIdentity(ComputeStatisticsJob.Key));
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
    }
}
