using DocAxis.Cli.Local;
using DocAxis.Core.Agencies;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// Three hubs on loopback for one test: the national hub with a ministry's node, and two provincial
/// hubs: Nghệ An's, whose platform node (one TLS identity) hosts the province and a commune, and a second province's
/// with a department's node. Real PKI (one root), mutual TLS, SQLite files, retries shortened.
/// </summary>
public sealed class TestFederation : IAsyncDisposable
{
    public const string NationalHub = "hub.quoc-gia";
    public const string NgheAnHub = "hub.h40";
    public const string SecondHub = "hub.h29";

    public static readonly LocalAgency Ministry = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);
    public static readonly LocalAgency NgheAn = new(AgencyCode.Parse("000.00.00.H40"), "Ủy ban nhân dân tỉnh Nghệ An", GovernmentLevel.Province);
    public static readonly LocalAgency Commune = new(
        AgencyCode.Parse("000.01.31.H40"), "Ủy ban nhân dân xã Nghi Phong", GovernmentLevel.Commune, Parent: NgheAn.Code, HostedBy: NgheAn.Code);
    public static readonly LocalAgency Department = new(AgencyCode.Parse("000.00.12.H29"), "Sở Nội vụ tỉnh thử nghiệm", GovernmentLevel.Province);

    private TestFederation(LoopbackFederation federation, string root)
    {
        Federation = federation;
        Root = root;
    }

    public LoopbackFederation Federation { get; }

    public string Root { get; }

    public LoopbackAxis National => Federation.National;

    public LoopbackAxis NgheAnAxis => Federation.Provinces[0];

    public LoopbackAxis SecondAxis => Federation.Provinces[1];

    public bool KeepFiles { get; set; }

    public static TestFederation Create(string name)
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var federation = LoopbackFederation.Create(
            root,
            new LoopbackFederation.Member(NationalHub, "Trục liên thông văn bản quốc gia", [Ministry]),
            [
                new LoopbackFederation.Member(NgheAnHub, "Nền tảng LGSP tỉnh Nghệ An", [NgheAn, Commune]),
                new LoopbackFederation.Member(SecondHub, "Nền tảng LGSP tỉnh thử nghiệm", [Department]),
            ],
            TimeProvider.System);
        foreach (var hub in federation.Hubs)
        {
            hub.UsePlatforms = true;
        }

        federation.ConfigureHubs(hub =>
        {
            hub["Hub:Delivery:InitialDelay"] = "00:00:00.200";
            hub["Hub:Delivery:MaxDelay"] = "00:00:01";
            hub["Hub:Delivery:PollInterval"] = "00:00:00.200";
            hub["Hub:Federation:PollInterval"] = "00:00:00.200";
        });
        federation.ConfigureNodes(node =>
        {
            node["Node:Outbox:InitialDelay"] = "00:00:00.200";
            node["Node:Outbox:MaxDelay"] = "00:00:01";
            node["Node:Outbox:PollInterval"] = "00:00:00.200";
        });
        return new TestFederation(federation, root);
    }

    public HubInspector HubDatabase(LoopbackAxis hub) => new(hub.HubDataDirectory);

    public async ValueTask DisposeAsync()
    {
        await Federation.DisposeAsync();
        if (!KeepFiles)
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // A file still held by a closing handle; the temp folder is cleaned by the OS.
            }
        }
    }
}
