using DocAxis.Crypto.Revocation;
using Quartz;

namespace DocAxis.Hosting;

/// <summary>Schedules the per-process revocation refresh.</summary>
public static class RevocationRefresh
{
    /// <summary>
    /// Runs <see cref="RefreshRevocationJob"/> every <see cref="RevocationOptions.RefreshInterval"/>,
    /// unless revocation is off. It belongs on a <see cref="LocalScheduler"/>: the CRLs it refreshes
    /// are this process's cache.
    /// </summary>
    public static IQuartzBuilder ScheduleRevocationRefresh(this IQuartzBuilder quartz, RevocationOptions options)
    {
        if (options.Mode != RevocationMode.Off)
        {
            quartz.ScheduleJob<RefreshRevocationJob>(
                trigger => trigger.StartNow().WithSimpleSchedule(s => s.WithInterval(options.RefreshInterval).RepeatForever()),
                job => job.WithIdentity(RefreshRevocationJob.Key));
        }

        return quartz;
    }
}
