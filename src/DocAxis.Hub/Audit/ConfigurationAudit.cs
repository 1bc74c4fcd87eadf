using System.Security.Cryptography;
using System.Text.Json;
using DocAxis.Hosting.Audit;
using DocAxis.Hub.Options;
using DocAxis.Storage.Audit;
using DocAxis.Storage.Hub;
using Microsoft.Extensions.Hosting;

namespace DocAxis.Hub.Audit;

/// <summary>
/// Puts the hub's configuration in the exchange log at every start: a fingerprint per section
/// (so no connection string or path is disclosed), and which sections changed since the last start,
/// so an auditor sees when retry policy, limits, trust or roles were changed.
/// </summary>
internal sealed class ConfigurationAudit(HubOptions options, HubStore store, AuditTrail audit, HubCredentials credentials) : IHostedService
{
    public const string Action = "Configure";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var current = Fingerprints(options);
        var previous = await LastAsync();
        var detail = string.Join(", ", current.Select(s => $"{s.Key}={s.Value}"));
        if (previous is null)
        {
            audit.Record(credentials.Identity, Action, "started", detail: detail);
            return;
        }

        var changed = current.Where(s => !previous.TryGetValue(s.Key, out var before) || before != s.Value).Select(s => s.Key).ToList();
        audit.Record(
            credentials.Identity, Action, changed.Count == 0 ? "unchanged" : "changed",
            detail: changed.Count == 0 ? detail : $"{detail}; changed since the last start: {string.Join(", ", changed)}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>A short SHA-256 of each section of the options as bound.</summary>
    internal static SortedDictionary<string, string> Fingerprints(HubOptions options) => new(
        typeof(HubOptions).GetProperties().ToDictionary(
            p => p.Name,
            p => Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(p.GetValue(options), p.PropertyType)))[..16]),
        StringComparer.Ordinal);

    private async Task<Dictionary<string, string>?> LastAsync()
    {
        var last = await store.Audit.LastAsync(Action);
        return last?.Detail?.Split(';')[0].Split(", ").Select(p => p.Split('=')).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
    }
}
