using System.Diagnostics;
using DocAxis.Benchmarks.Bench;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Pki;
using DocAxis.Node.Dms;
using DocAxis.Storage;
using DocAxis.Testing;
using Agency = DocAxis.Contracts.V1.Agency;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;

namespace DocAxis.Benchmarks;

/// <summary>One platform node hosting many agencies: how long it takes to start, how much memory it holds, how fast it sends.</summary>
/// <remarks>
/// <see cref="FirstLettersPerSecond"/> is the rate of each sender's first letter since the
/// processes started, when every process meets that agency's keys for the first time;
/// <see cref="LettersPerSecond"/> the rate of the letters after.
/// </remarks>
public sealed record PlatformRun(int Agencies, int Senders, int Letters, double StartupSeconds, double PeakRssMegabytes, double FirstLettersPerSecond, double LettersPerSecond);

/// <summary>
/// A province's platform node as a process, hosting N agencies from its agency list (one TLS
/// identity, each agency's signing key in the key store, read on first use), with a hub and a recipient's node as
/// processes beside it: start-up time until its DMS API answers, its peak resident memory, and
/// the rate at which letters from many of its agencies are signed, submitted and accepted.
/// </summary>
public static class PlatformBenchmark
{
    private const string Platform = "platform.bench";
    private static readonly LocalAgency Host = new(AgencyCode.Parse("000.00.00.H40"), "Ủy ban nhân dân tỉnh Nghệ An", GovernmentLevel.Province);
    private static readonly LocalAgency Recipient = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);

    /// <summary>A commune's code, unique for each index below 100,000.</summary>
    public static AgencyCode Commune(int index) => AgencyCode.Parse($"{index / 100:D3}.{index % 100:D2}.77.H40");

    public static async Task<PlatformRun> RunAsync(string root, int agencies, int senders, int letters, int concurrency, Action<string, int, int> progress, CancellationToken cancellationToken)
    {
        await using var axis = LoopbackAxis.Create(root, [Host, Recipient], TimeProvider.System);
        var pki = new DevelopmentPki(axis.Pki, TimeProvider.System);
        var authority = pki.LoadAuthority();
        pki.IssuePlatform(authority, Platform, "Nền tảng thử tải");
        var hosted = Enumerable.Range(0, agencies).Select(i => (Code: Commune(i), Name: $"Ủy ban nhân dân xã thử nghiệm {i}")).ToList();
        progress("Issuing the agencies' signing certificates", 0, agencies);
        pki.IssueSigningSharingKeys(authority, hosted, distinctKeys: 16);
        progress("Issuing the agencies' signing certificates", agencies, agencies);

        var tokens = hosted.ToDictionary(h => h.Code, _ => DmsTokens.Create());
        var settings = axis.NodeSettings(Host.Code).Where(s => !s.Key.StartsWith("Node:Agencies:", StringComparison.Ordinal)).ToDictionary();
        settings["Node:Platform:Tls:CertificatePath"] = axis.Pki.PlatformTls(Platform).CertificatePath;
        settings["Node:Platform:Tls:KeyPath"] = axis.Pki.PlatformTls(Platform).KeyPath;
        settings["Node:Platform:SigningKeys"] = axis.Pki.AgencyKeyStore;
        settings["Node:Platform:AgenciesFile"] = Path.Combine(axis.Root, "platform.agencies.json");
        Node.AgencyListFile.Edit(settings["Node:Platform:AgenciesFile"]!, list =>
        {
            list.AddRange(hosted.Select(h => new Node.ListedAgency(h.Code.Value, h.Name, tokens[h.Code].Sha256)));
            return list.Count;
        });

        await using var hub = HostProcess.Start("hub", JsonSettings.Write(Path.Combine(axis.Root, "hub.json"), axis.HubSettings()), Path.Combine(axis.Root, "hub.out"));
        await BenchHosts.WaitServingAsync(axis);
        await RegisterAsync(axis, hosted, progress);
        await using var recipient = HostProcess.Start(
            "node", JsonSettings.Write(Path.Combine(axis.Root, "recipient.json"), axis.NodeSettings(Recipient.Code)), Path.Combine(axis.Root, "recipient.out"));

        progress("Starting the platform node", 0, 1);
        var config = JsonSettings.Write(Path.Combine(axis.Root, "platform.json"), settings);
        var clock = Stopwatch.StartNew();
        await using var node = HostProcess.Start("node", config, Path.Combine(axis.Root, "platform.out"));
        var dmsEndpoint = axis.DmsEndpoint(Host.Code);
        await AnswersAsync(new DmsClient(axis.Clients.Dms(dmsEndpoint, tokens[hosted[0].Code].Token)), hosted[0].Code);
        var startup = clock.Elapsed.TotalSeconds;
        var meter = new ProcessMeter(node.ProcessId);
        progress("Starting the platform node", 1, 1);

        var file = Path.Combine(Directory.CreateDirectory(Path.Combine(axis.Root, "outgoing")).FullName, "cong-van.pdf");
        await File.WriteAllBytesAsync(file, new byte[20_000], cancellationToken);
        var from = hosted.Take(Math.Min(senders, hosted.Count)).ToList();
        var hubStore = Database.Create(StorageProvider.Sqlite, Path.Combine(axis.HubDataDirectory, "hub.db"));
        var dms = from.ToDictionary(a => a.Code, a => new DmsClient(axis.Clients.Dms(dmsEndpoint, tokens[a.Code].Token)));
        async Task<double> SendAsync(string phase, int count, int offset)
        {
            var sent = 0;
            var elapsed = Stopwatch.StartNew();
            await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
            {
                var sender = from[i % from.Count];
                await dms[sender.Code].SendAsync(sender.Code.Value, Draft(offset + i), [file], ct);
                progress(phase, Interlocked.Increment(ref sent), count);
            });
            await AcceptedAsync(hubStore, offset + count, progress);
            return count / elapsed.Elapsed.TotalSeconds;
        }

        var first = await SendAsync("Sending each agency's first letter", from.Count, 0);
        var after = await SendAsync("Sending letters from the hosted agencies", letters, from.Count);
        return new PlatformRun(agencies, from.Count, letters, startup, meter.PeakRssMegabytes, first, after);
    }

    private static Manifest Draft(int i) => new()
    {
        Recipients = { new AgencyRef { Code = Recipient.Code.Value, Name = Recipient.Name } },
        Code = new DocumentCode { Number = $"{i}", Notation = "UBND" },
        IssueDate = "2026-12-03",
        DocumentType = new DocumentType { Code = "CV", Name = "Công văn" },
        Subject = "V/v thử tải nền tảng",
        Attachments = { new Attachment { Name = "cong-van.pdf", MediaType = "application/pdf" } },
    };

    /// <summary>Puts the hosted agencies in the hub's directory with the platform named, eight at a time.</summary>
    private static async Task RegisterAsync(LoopbackAxis axis, IReadOnlyList<(AgencyCode Code, string Name)> hosted, Action<string, int, int> progress)
    {
        await axis.RegisterAgenciesAsync();
        var directory = new DirectoryService.DirectoryServiceClient(axis.Clients.Operator());
        var done = 0;
        await Parallel.ForEachAsync(hosted, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (agency, ct) =>
        {
            await directory.PutAgencyAsync(new PutAgencyRequest
            {
                Agency = new Agency
                {
                    Code = agency.Code.Value, Name = agency.Name, Level = Contracts.V1.GovernmentLevel.Commune, ParentCode = Host.Code.Value,
                    NodeEndpoint = axis.NodeEndpoint(Host.Code).ToString(), PlatformId = Platform, Enabled = true,
                },
            }, cancellationToken: ct);
            progress("Registering the agencies at the hub", Interlocked.Increment(ref done), hosted.Count);
        });
    }

    /// <summary>Waits until the platform's DMS API answers a call for one of its agencies.</summary>
    private static async Task AnswersAsync(DmsClient dms, AgencyCode agency)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(3);
        while (true)
        {
            try
            {
                await dms.InboxAsync(agency.Value);
                return;
            }
            catch (Grpc.Core.RpcException) when (TimeProvider.System.GetUtcNow() < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Waits until the hub has accepted every letter.</summary>
    private static async Task AcceptedAsync(Database hub, int letters, Action<string, int, int> progress)
    {
        var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(10);
        while (TimeProvider.System.GetUtcNow() < deadline)
        {
            await using var connection = await hub.OpenAsync();
            var accepted = await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection, "SELECT COUNT(*) FROM envelopes");
            progress("Waiting for the hub to accept them", (int)accepted, letters);
            if (accepted >= letters)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"The hub did not accept {letters} letters within ten minutes.");
    }
}
