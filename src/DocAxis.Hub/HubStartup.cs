using DocAxis.Hub.Options;
using DocAxis.Storage.Hub;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Hub;

/// <summary>Brings the database schema up to date before anything else starts.</summary>
internal sealed class HubStartup(HubStore store, HubOptions options, HubCredentials credentials, TimeProvider time, ILogger<HubStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(time.GetUtcNow(), cancellationToken);
        HubLog.HubStarted(logger, credentials.Identity, options.Listen, store.Database.Location);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
