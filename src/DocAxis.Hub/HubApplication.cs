using System.Net;
using DocAxis.Hosting;
using DocAxis.Hub.Access;
using DocAxis.Hosting.Audit;
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
using Quartz;

namespace DocAxis.Hub;

/// <summary>
/// Composes a hub: configuration (appsettings.json, environment variables, command line, then
/// whatever the caller adds), validated before anything starts; Serilog; the mutual-TLS listener;
/// storage; the gRPC services; the delivery dispatcher and the Quartz jobs.
/// </summary>
public static class HubApplication
{
    public static WebApplication Build(string[] args, Action<IConfigurationBuilder>? configure = null, Action<IServiceCollection>? services = null)
    {
        var (builder, options) = DocAxisHost.CreateBuilder(args, configure, HubOptions.Section, new HubOptionsValidator());
        var data = Path.GetFullPath(options.DataDirectory);
        builder.AddDocAxisLogging("hub", data);
        var credentials = new HubCredentials(options);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AllowStreamingLetters();
            kestrel.Listen(IPEndPoint.Parse(options.Listen), listen => listen.UseMutualTls(credentials.Tls, credentials.TlsChain));
        });

        AddServices(builder.Services, options, credentials, data);
        services?.Invoke(builder.Services);

        var app = builder.Build();
        app.MapGrpcService<SubmissionGrpcService>();
        app.MapGrpcService<StatusGrpcService>();
        app.MapGrpcService<TraceGrpcService>();
        app.MapGrpcService<DirectoryGrpcService>();
        return app;
    }

    private static void AddServices(IServiceCollection services, HubOptions options, HubCredentials credentials, string data)
    {
        services.AddSingleton(options);
        services.AddSingleton(credentials);
        services.AddSingleton(new HubStore(new SqliteDatabase(Path.Combine(data, "hub.db"))));
        services.AddSingleton(new BlobStore(Path.Combine(data, "content")));
        services.AddDocAxisTrust(_ => options.Trust);

        // Order matters: the schema is migrated before the dispatcher and the jobs start.
        services.AddHostedService<HubStartup>();
        services.AddDocAxisAudit<HubStore>();
        services.AddSingleton<HubRoles>();
        services.AddSingleton<DeliveryAttempt>();
        services.AddSingleton<DeliveryDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryDispatcher>());
        services.AddSingleton<LetterIntake>();

        services.AddGrpc(grpc =>
        {
            grpc.Interceptors.Add<RefusalInterceptor>();
            grpc.Interceptors.Add<PeerIdentityInterceptor>();
            grpc.MaxReceiveMessageSize = PeerChannels.MaxMessageBytes;
        });

        services.AddQuartz(quartz =>
        {
            // Several hubs may share a process (tests, the demo); each gets its own scheduler.
            quartz.ConfigureScheduler(scheduler => scheduler.InstanceName = $"docaxis-hub-{Guid.NewGuid():N}");
            quartz.ScheduleJob<RetryDeliveriesJob>(
                trigger => trigger.StartNow().WithSimpleSchedule(s => s.WithInterval(options.Delivery.PollInterval).RepeatForever()),
                job => job.WithIdentity(RetryDeliveriesJob.Key));
            quartz.ScheduleJob<SweepStagingJob>(
                trigger => trigger.StartNow().WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()),
                job => job.WithIdentity(SweepStagingJob.Key));
            RefreshRevocationJob.Schedule(quartz, options.Trust.Revocation);
        });
        services.AddQuartzHostedService(quartz => quartz.WaitForJobsToComplete = true);
    }
}
