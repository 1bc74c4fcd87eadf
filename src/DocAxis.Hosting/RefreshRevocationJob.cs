using DocAxis.Crypto.Revocation;
using Quartz;

namespace DocAxis.Hosting;

/// <summary>
/// Quartz job that reloads configured CRL files and refetches the CRL distribution points seen so
/// far, so that a revocation is noticed within one refresh interval even for certificates whose
/// CRLs are still "current".
/// </summary>
[DisallowConcurrentExecution]
public sealed class RefreshRevocationJob(RevocationChecker revocation) : IJob
{
    public static readonly JobKey Key = new("refresh-revocation", "docaxis");

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        await revocation.Crls.RefreshAsync(cancellationToken);

    /// <summary>Schedules the job every <see cref="RevocationOptions.RefreshInterval"/>, unless revocation is off.</summary>
    public static void Schedule(IQuartzBuilder quartz, RevocationOptions options)
    {
        if (options.Mode == RevocationMode.Off)
        {
            return;
        }

        quartz.ScheduleJob<RefreshRevocationJob>(
            trigger => trigger.StartNow().WithSimpleSchedule(s => s.WithInterval(options.RefreshInterval).RepeatForever()),
            job => job.WithIdentity(Key));
    }
}
