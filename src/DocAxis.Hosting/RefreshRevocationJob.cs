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
}
