using Dapper;
using DocAxis.Cli.Letters;
using DocAxis.Contracts.V1;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;
using DocAxis.Cli.Local;
using DocAxis.Core.Agencies;
using DocAxis.Storage;
using DocAxis.Storage.Node;
using DocAxis.WebConsole.Access;
using Microsoft.Data.Sqlite;

namespace DocAxis.WebConsole.Tests.Infrastructure;

/// <summary>
/// A loopback axis with its nodes' consoles: the government office's node also hosts a second
/// agency (so one node has clerks of two agencies), and each agency has a clerk account.
/// </summary>
public sealed class ConsoleAxis : IAsyncDisposable
{
    public const string Password = "mat-khau-thu-nghiem-2026";

    public static readonly LocalAgency Office = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);
    public static readonly LocalAgency Province = new(AgencyCode.Parse("000.00.00.H41"), "Ủy ban nhân dân tỉnh Nghệ An", GovernmentLevel.Province);
    public static readonly LocalAgency Ministry = new(AgencyCode.Parse("000.00.00.G12"), "Bộ Nội vụ", GovernmentLevel.Central, HostedBy: Office.Code);

    /// <summary>An agency with a node of its own that is not started: offline until a test starts it.</summary>
    public static readonly LocalAgency District = new(AgencyCode.Parse("000.00.00.H29"), "Ủy ban nhân dân huyện thử nghiệm", GovernmentLevel.District, Province.Code);

    private ConsoleAxis(LoopbackAxis axis) => Axis = axis;

    public LoopbackAxis Axis { get; }

    /// <summary>The clerk account of each agency: user name = "clerk-" + the agency's last code part.</summary>
    public static string ClerkOf(LocalAgency agency) => $"clerk-{agency.Code.Value[^3..].ToLowerInvariant()}";

    /// <param name="configure">Further settings, before anything starts.</param>
    public static async Task<ConsoleAxis> StartAsync(string name, Action<LoopbackAxis>? configure = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "docaxis-console-tests", $"{name}-{Guid.NewGuid().ToString("N")[..8]}");
        var axis = LoopbackAxis.Create(root, [Office, Province, Ministry, District], TimeProvider.System);
        axis.HubOverrides["Hub:Delivery:InitialDelay"] = "00:00:00.200";
        axis.HubOverrides["Hub:Delivery:MaxDelay"] = "00:00:01";
        axis.HubOverrides["Hub:Delivery:PollInterval"] = "00:00:00.200";
        axis.HubOverrides["Hub:Delivery:GiveUpAfter"] = "00:00:05";
        axis.NodeOverrides["Node:Outbox:PollInterval"] = "00:00:00.200";
        axis.NodeOverrides["Node:Events:HubPollInterval"] = "00:00:00.300";
        configure?.Invoke(axis);
        var console = new ConsoleAxis(axis);
        await axis.StartHubAsync();
        await axis.RegisterAgenciesAsync();
        foreach (var agency in new[] { Office, Province })
        {
            await axis.StartNodeAsync(agency.Code);
        }

        foreach (var agency in new[] { Office, Province, Ministry })
        {
            await console.AddClerkAsync(agency);
        }

        return console;
    }

    public Uri ConsoleOf(LocalAgency agency) => Axis.ConsoleEndpoint(agency.Code);

    public DmsClient Dms(LocalAgency agency) => new(Axis.Dms(agency.Code));

    public NodeStore NodeStoreOf(LocalAgency agency) => new(new SqliteDatabase(Path.Combine(Axis.NodeDataDirectory(agency.Node), "node.db")));

    /// <summary>Sends a letter with one attachment, <paramref name="content"/>, through the sender's DMS API; returns its envelope id.</summary>
    public async Task<string> SendAsync(LocalAgency from, LocalAgency to, string subject, byte[] content)
    {
        var folder = Path.Combine(Axis.Root, "outgoing", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "cong-van.pdf");
        await File.WriteAllBytesAsync(file, content);
        var manifest = new Manifest
        {
            Recipients = { new AgencyRef { Code = to.Code.Value, Name = to.Name } },
            Code = new DocumentCode { Number = "125", Notation = "VPCP-HC" },
            IssueDate = "2026-12-03",
            IssuePlace = "Hà Nội",
            DocumentType = new DocumentType { Code = "CV", Name = "Công văn" },
            Subject = subject,
            Signer = new SignerInfo { FullName = "Trần Văn Bình", Position = "Chánh Văn phòng" },
            Attachments = { new Attachment { Name = "cong-van.pdf", MediaType = "application/pdf" } },
        };
        return (await Dms(from).SendAsync(from.Code.Value, manifest, [file])).EnvelopeId;
    }

    /// <summary>The node's exchange-log entries matching <paramref name="where"/> as "outcome reason", once there are <paramref name="count"/> (the log is written in batches).</summary>
    public async Task<List<string>> NodeAuditAsync(LocalAgency node, string where, int count)
    {
        var path = Path.Combine(Axis.NodeDataDirectory(node.Node), "node.db");
        List<string> entries = [];
        for (var i = 0; i < 100 && entries.Count < count; i++)
        {
            await Task.Delay(100);
            await using var connection = new SqliteConnection($"Data Source={path};Mode=ReadOnly");
            entries = [.. await connection.QueryAsync<string>($"SELECT outcome || ' ' || COALESCE(reason, '') FROM audit_events WHERE {where} ORDER BY id")];
        }

        return entries;
    }

    private async Task AddClerkAsync(LocalAgency agency)
    {
        var added = await NodeStoreOf(agency).Accounts.AddAsync(
            AccountSignIn.NewClerk(ClerkOf(agency), $"Nguyễn Văn {agency.Code.Value[^3..]}", agency.Code.Value, Password, TimeProvider.System.GetUtcNow()));
        Assert.IsTrue(added);
    }

    public async ValueTask DisposeAsync()
    {
        await Axis.DisposeAsync();
        if (Environment.GetEnvironmentVariable("DOCAXIS_KEEP_TEST_FILES") == "1")
        {
            return;
        }

        try
        {
            Directory.Delete(Axis.Root, recursive: true);
        }
        catch (IOException)
        {
            // A handle still closing; the temp folder is cleaned by the OS.
        }
    }
}
