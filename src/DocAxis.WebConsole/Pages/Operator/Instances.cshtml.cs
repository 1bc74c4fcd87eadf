using DocAxis.Hub.Telemetry;
using DocAxis.Storage;
using DocAxis.Storage.Hub;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DocAxis.WebConsole.Pages.Operator;

/// <summary>
/// The hub's instances as their heartbeats tell (which answer, since when, the deliveries each
/// holds), this instance's health checks, and the queue's size.
/// </summary>
public sealed class InstancesModel(HubStore store, InstanceHeartbeat heartbeat, HealthCheckService health, DeliveryCounts counts, TimeProvider time) : PageModel
{
    /// <summary>Instances silent for longer than this are history, not shown.</summary>
    private static readonly TimeSpan Shown = TimeSpan.FromDays(1);

    public IReadOnlyList<HubInstance> Instances { get; private set; } = [];
    public HealthReport? Health { get; private set; }
    public string ThisInstance => heartbeat.InstanceId;
    public long Pending => counts.Pending;
    public long Failed => counts.Failed;
    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync()
    {
        Now = time.GetUtcNow();
        Instances = await store.Instances.ListAsync(Now - Shown, Now);
        Health = await health.CheckHealthAsync(HttpContext.RequestAborted);
    }

    public bool Answering(HubInstance instance) => instance.StoppedAt is null && InstanceHeartbeat.Answering(Epoch.FromMs(instance.SeenAt), Now);
}
