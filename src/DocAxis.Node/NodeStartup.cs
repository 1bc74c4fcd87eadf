using DocAxis.Node.Options;
using DocAxis.Storage.Node;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node;

/// <summary>Brings the database schema up to date before anything else starts.</summary>
internal sealed class NodeStartup(NodeStore store, NodeOptions options, HostedAgencies agencies, TimeProvider time, ILogger<NodeStartup> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(time.GetUtcNow(), cancellationToken);
        NodeLog.NodeStarted(
            logger, string.Join(", ", agencies.All.Select(a => a.Code.Value)), options.Listen, options.DmsListen, Path.GetFullPath(options.DataDirectory));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
