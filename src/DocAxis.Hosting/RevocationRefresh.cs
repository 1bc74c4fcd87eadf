using DocAxis.Crypto.Revocation;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DocAxis.Hosting;

/// <summary>Registers the per-process revocation refresh.</summary>
public static class RevocationRefresh
{
    /// <summary>
    /// Runs the job every <see cref="RevocationOptions.RefreshInterval"/>, unless revocation is off, on
    /// a scheduler of this process alone: the CRLs it refreshes are this process's cache, so even a
    /// hub whose other jobs run clustered refreshes its own.
    /// </summary>
    public static IServiceCollection AddRevocationRefresh(this IServiceCollection services, RevocationOptions options)
    {
        if (options.Mode == RevocationMode.Off)
        {
            return services;
        }

        var scheduler = $"docaxis-local-{Guid.NewGuid():N}";
        services.AddQuartz(scheduler, quartz => quartz.ScheduleJob<RefreshRevocationJob>(
            trigger => trigger.StartNow().WithSimpleSchedule(s => s.WithInterval(options.RefreshInterval).RepeatForever()),
            job => job.WithIdentity(RefreshRevocationJob.Key)));
        services.AddQuartzHostedService(scheduler, hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
