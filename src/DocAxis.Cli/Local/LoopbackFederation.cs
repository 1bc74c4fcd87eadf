using DocAxis.Crypto.Pki;

namespace DocAxis.Cli.Local;

/// <summary>
/// An axis of axes on one machine: a national hub and provincial hubs, each with its own nodes and
/// database, sharing one development PKI (as they share the national root). Each hub's operator
/// enters only its own agencies and its peers: a provincial hub's peer is the national hub, its
/// upstream, from whose directory it copies every other agency; the national hub copies from each
/// province the agencies that province hosts.
/// </summary>
public sealed class LoopbackFederation : IAsyncDisposable
{
    private readonly TimeProvider _time;

    private LoopbackFederation(LoopbackAxis national, IReadOnlyList<LoopbackAxis> provinces, TimeProvider time)
    {
        National = national;
        Provinces = provinces;
        _time = time;
    }

    public LoopbackAxis National { get; }

    public IReadOnlyList<LoopbackAxis> Provinces { get; }

    public IEnumerable<LoopbackAxis> Hubs => Provinces.Prepend(National);

    /// <summary>A member hub, given as (identity, name, its agencies).</summary>
    public sealed record Member(string HubIdentity, string Name, IReadOnlyList<LocalAgency> Agencies);

    public static LoopbackFederation Create(string root, Member national, IReadOnlyList<Member> provinces, TimeProvider time)
    {
        var pki = new PkiLayout(Path.Combine(Path.GetFullPath(root), "pki"));
        LoopbackAxis Make(Member member) =>
            LoopbackAxis.CreateMember(Path.Combine(root, member.HubIdentity), pki, member.HubIdentity, member.Name, member.Agencies, time);
        var federation = new LoopbackFederation(Make(national), [.. provinces.Select(Make)], time);
        foreach (var hub in federation.Hubs)
        {
            hub.HubOverrides["Hub:Federation:DirectoryInterval"] = "00:00:00.500";
            if (hub != federation.National)
            {
                hub.HubOverrides["Hub:Federation:Upstream"] = federation.National.HubIdentity;
            }
        }

        return federation;
    }

    /// <summary>Applies <paramref name="change"/> to every hub's settings (e.g. shorter retry delays).</summary>
    public void ConfigureHubs(Action<Dictionary<string, string?>> change)
    {
        foreach (var hub in Hubs)
        {
            change(hub.HubOverrides);
        }
    }

    public void ConfigureNodes(Action<Dictionary<string, string?>> change)
    {
        foreach (var hub in Hubs)
        {
            change(hub.NodeOverrides);
        }
    }

    /// <summary>Starts every hub, links them, fills their directories, and starts every node.</summary>
    public async Task StartAsync()
    {
        foreach (var hub in Hubs)
        {
            await hub.StartHubAsync();
        }

        await RegisterAsync();
        foreach (var hub in Hubs)
        {
            foreach (var node in hub.Agencies.Where(a => a.HostedBy is null))
            {
                await hub.StartNodeAsync(node.Code);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var hub in Hubs.Reverse())
        {
            await hub.DisposeAsync();
        }
    }

    /// <summary>
    /// Enters in every running hub its own agencies at their nodes and its peers, then waits until
    /// the hubs have copied each other's directories: every hub knows every agency.
    /// </summary>
    public async Task RegisterAsync(TimeSpan? patience = null)
    {
        foreach (var hub in Hubs)
        {
            await hub.RegisterAgenciesAsync();
        }

        foreach (var province in Provinces)
        {
            await National.AddPeerHubAsync(province, $"Trục tỉnh {province.HubIdentity}");
            await province.AddPeerHubAsync(National, "Trục liên thông quốc gia");
        }

        var everyone = Hubs.SelectMany(h => h.Agencies).Select(a => a.Code.Value).ToHashSet();
        var deadline = _time.GetUtcNow() + (patience ?? TimeSpan.FromSeconds(60));
        foreach (var hub in Hubs)
        {
            while (!(await hub.ListAgencyCodesAsync()).IsSupersetOf(everyone))
            {
                if (_time.GetUtcNow() > deadline)
                {
                    throw new TimeoutException($"Hub {hub.HubIdentity} did not copy the other hubs' directories in time.");
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), _time);
            }
        }
    }
}
