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
        // A platform's ten thousand codes would make one unreadable line: name a few and count them.
        var hosted = agencies.All.Count <= 10
            ? string.Join(", ", agencies.All.Select(a => a.Code.Value))
            : $"{agencies.All.Count} agencies ({string.Join(", ", agencies.All.Take(3).Select(a => a.Code.Value))}, …)";
        NodeLog.NodeStarted(logger, hosted, options.Listen, options.DmsListen, Path.GetFullPath(options.DataDirectory));
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
