using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DocAxis.Hosting;

/// <summary>
/// A Quartz scheduler of this process alone, in memory, for work each instance must do itself even
/// when a hub's other jobs run clustered: refreshing its own caches, and claiming due deliveries
/// (the database lease, not the scheduler, decides which instance attempts what, so every instance
/// takes a share and a dead instance's claims simply expire).
/// </summary>
public static class LocalScheduler
{
    public static IServiceCollection AddLocalScheduler(this IServiceCollection services, Action<IQuartzBuilder> jobs)
    {
        // Unique per host, because several hosts may share a process (tests, the demo).
        var name = $"docaxis-local-{Guid.NewGuid():N}";
        services.AddQuartz(name, jobs);
        services.AddQuartzHostedService(name, hosted => hosted.WaitForJobsToComplete = true);
        return services;
    }
}
