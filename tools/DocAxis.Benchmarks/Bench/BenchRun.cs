using DocAxis.Benchmarks.Ceiling;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Agencies;
using DocAxis.Crypto.Signing;
using DocAxis.Storage;
using DocAxis.Testing;
using GovernmentLevel = DocAxis.Core.Agencies.GovernmentLevel;

namespace DocAxis.Benchmarks.Bench;

/// <summary>
/// One benchmark run: a hub and the recipient's node as processes of their own, configured as in
/// production (mutual TLS, SQLite, the default options), driven by pre-signed letters from one
/// sending agency; then, on the same TLS set-up, the bare ceiling service driven the same way.
/// </summary>
public sealed class BenchRun(BenchSettings settings, string root, Action<string, int, int> progress)
{
    private static readonly LocalAgency Sender = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);
    private static readonly LocalAgency Recipient = new(AgencyCode.Parse("000.00.00.H41"), "Ủy ban nhân dân tỉnh Nghệ An", GovernmentLevel.Province);

    public async Task<BenchResult> RunAsync(CancellationToken cancellationToken)
    {
        await using var axis = LoopbackAxis.Create(root, [Sender, Recipient], TimeProvider.System);
        var credential = SigningCredential.Load(axis.Pki.AgencySigning(Sender.Code));
        progress("Signing letters before the timed phases", 0, 1);
        // Each warm-up round ends with a few 4 MB letters, so that what only large content does
        // (staging files, writeback, reading back from disk) is compiled and warm as well.
        var warmUp = BenchLetter.SignMany(settings.WarmUpLetters * BenchSettings.MaxWarmUpRounds, BenchSettings.SmallBytes, 1, Sender, Recipient, credential)
            .Chunk(settings.WarmUpLetters)
            .Zip(BenchLetter.SignMany(BenchSettings.WarmUpLargeLetters * BenchSettings.MaxWarmUpRounds, BenchSettings.LargeBytes, 50_000_000, Sender, Recipient, credential)
                .Chunk(BenchSettings.WarmUpLargeLetters))
            .Select(round => round.First.Concat(round.Second).ToArray())
            .ToArray();
        var small = BenchLetter.SignMany(settings.SmallLetters, BenchSettings.SmallBytes, 10_000_000, Sender, Recipient, credential);
        var large = BenchLetter.SignMany(settings.LargeLetters, BenchSettings.LargeBytes, 20_000_000, Sender, Recipient, credential);
        var paced = BenchLetter.SignMany(settings.PacedLetters, BenchSettings.SmallBytes, 30_000_000, Sender, Recipient, credential);
        var big = BenchLetter.Sign(new SyntheticContent(settings.BigLetterBytes, 40_000_000), Sender, Recipient, credential);
        progress("Signing letters before the timed phases", 1, 1);

        if (settings.Preload > 0)
        {
            if (settings.OnPostgres)
            {
                throw new InvalidOperationException("Preloading history writes SQLite; run the scale benchmark without --store postgres.");
            }

            await PreloadAsync(axis);
        }

        await using var postgres = settings.OnPostgres ? PostgresCluster.Start(Repository.Root, Path.Combine(axis.Root, "postgres")) : null;
        var postgresDatabase = postgres is null ? null : await postgres.CreateDatabaseAsync("docaxis_bench");
        if (postgresDatabase is not null)
        {
            axis.HubOverrides["Hub:Storage:Provider"] = nameof(StorageProvider.PostgreSql);
            axis.HubOverrides["Hub:Storage:ConnectionString"] = postgresDatabase;
        }

        var storeName = postgres is null ? "SQLite" : "PostgreSQL";

        var hubPhases = new List<PhaseFigures>();
        var warmUpLetters = 0;
        await using (var hub = HostProcess.Start("hub", JsonSettings.Write(Path.Combine(axis.Root, "hub.json"), axis.HubSettings()), Path.Combine(axis.Root, "hub.out")))
        {
            await BenchHosts.WaitServingAsync(axis);
            await axis.RegisterAgenciesAsync();
            await using var node = HostProcess.Start("node", JsonSettings.Write(Path.Combine(axis.Root, "node.json"), axis.NodeSettings(Recipient.Code)), Path.Combine(axis.Root, "node.out"));
            // Letters sent before the node listens fail their first push and wait out a retry back-off.
            await BenchHosts.WaitListeningAsync(axis.NodeEndpoint(Recipient.Code).Port);
            var store = postgresDatabase is null
                ? Database.Create(StorageProvider.Sqlite, Path.Combine(axis.HubDataDirectory, "hub.db"))
                : Database.Create(StorageProvider.PostgreSql, postgresDatabase);
            var driver = Driver(axis, axis.HubEndpoint, "DocAxis");
            var meter = new ProcessMeter(hub.ProcessId);

            var nodeMeter = new ProcessMeter(node.ProcessId);
            warmUpLetters = await WarmUpAsync(warmUp, [meter, nodeMeter], async round =>
            {
                await driver("Warming up", d => d.AsFastAsPossibleAsync(round, settings.Concurrency, cancellationToken), round.Length);
                await BenchHosts.WaitDeliveredAsync(store, [.. round.Select(l => l.EnvelopeId)]);
            });
            await BenchHosts.WaitSettledAsync(meter, nodeMeter);
            var fastest = await MeasureAsync(BenchPhases.Small, [meter, nodeMeter], store, small.Length, () => driver(BenchPhases.Small, d => d.AsFastAsPossibleAsync(small, settings.Concurrency, cancellationToken), small.Length));
            hubPhases.Add(fastest);
            hubPhases.Add(await TraceQueriesAsync(axis, [.. small.Select(l => l.EnvelopeId)], meter));
            if (!settings.WithCeilingAndBigLetter)
            {
                return new BenchResult(hubPhases, [], storeName, settings.Concurrency, Machine(), warmUpLetters);
            }

            hubPhases.Add(await MeasureAsync(BenchPhases.Large, [meter, nodeMeter], store, large.Length, () => driver(BenchPhases.Large, d => d.AsFastAsPossibleAsync(large, settings.Concurrency, cancellationToken), large.Length)));
            hubPhases.Add(await MeasureAsync(BenchPhases.Paced, [meter, nodeMeter], store, paced.Length, () => driver(BenchPhases.Paced, d => d.AtRateAsync(paced, fastest.PerSecond / 2, cancellationToken), paced.Length)));
            meter.ResetPeak();
            hubPhases.Add(await MeasureAsync(BenchPhases.Big, [meter, nodeMeter], store, 1, () => driver(BenchPhases.Big, d => d.AsFastAsPossibleAsync([big], 1, cancellationToken), 1), bigLetter: true));
        }

        var ceilingPhases = await BarePhasesAsync(axis, relayed: false, warmUp, small, large, big, cancellationToken);
        var relayPhases = await BarePhasesAsync(axis, relayed: true, warmUp, small, large, big: null, cancellationToken);

        return new BenchResult(hubPhases, ceilingPhases, storeName, settings.Concurrency, Machine(), warmUpLetters) { Relay = relayPhases };
    }

    /// <summary>
    /// The bare service's phases, warmed up and driven as the hub's were: on its own (the ceiling,
    /// one hop) or behind the bare relay (two hops, as a letter goes from sender to hub to node).
    /// The CPU per letter is that of every process the letters pass through.
    /// </summary>
    private async Task<List<PhaseFigures>> BarePhasesAsync(
        LoopbackAxis axis, bool relayed, BenchLetter[][] warmUp, BenchLetter[] small, BenchLetter[] large, BenchLetter? big, CancellationToken cancellationToken)
    {
        // The bare service always; with the relay in front of it, the letters enter at the relay.
        var servicePort = FreePorts.Next();
        await using var service = StartBare(axis, relayed ? "relay-next" : "ceiling", servicePort, relayTo: null);
        await BenchHosts.WaitListeningAsync(servicePort);
        var entryPort = relayed ? FreePorts.Next() : servicePort;
        await using var relay = relayed ? StartBare(axis, "relay", entryPort, relayTo: servicePort) : null;
        await BenchHosts.WaitListeningAsync(entryPort);
        ProcessMeter[] meters = relay is null ? [new(service.ProcessId)] : [new(relay.ProcessId), new(service.ProcessId)];
        var driver = Driver(axis, new Uri($"https://127.0.0.1:{entryPort}"), relayed ? "Relay" : "Ceiling");
        var phases = new List<PhaseFigures>();
        await WarmUpAsync(warmUp, meters, round => driver("Warming up", d => d.AsFastAsPossibleAsync(round, settings.Concurrency, cancellationToken), round.Length));
        await BenchHosts.WaitSettledAsync(meters);
        phases.Add(await MeasureAsync(BenchPhases.Small, meters, null, small.Length, () => driver(BenchPhases.Small, d => d.AsFastAsPossibleAsync(small, settings.Concurrency, cancellationToken), small.Length)));
        phases.Add(await MeasureAsync(BenchPhases.Large, meters, null, large.Length, () => driver(BenchPhases.Large, d => d.AsFastAsPossibleAsync(large, settings.Concurrency, cancellationToken), large.Length)));
        if (big is not null)
        {
            meters[0].ResetPeak();
            phases.Add(await MeasureAsync(BenchPhases.Big, meters, null, 1, () => driver(BenchPhases.Big, d => d.AsFastAsPossibleAsync([big], 1, cancellationToken), 1), bigLetter: true));
        }

        return phases;
    }

    private static HostProcess StartBare(LoopbackAxis axis, string name, int port, int? relayTo)
    {
        var bare = axis.HubSettings();
        bare["Hub:Listen"] = $"127.0.0.1:{port}";
        if (relayTo is not null)
        {
            bare[$"{CeilingOptions.Section}:{nameof(CeilingOptions.RelayTo)}"] = $"https://127.0.0.1:{relayTo}";
        }

        return HostProcess.Start(
            CeilingApplication.Command, JsonSettings.Write(Path.Combine(axis.Root, $"{name}.json"), bare), Path.Combine(axis.Root, $"{name}.out"), CeilingApplication.Assembly);
    }

    /// <summary>Writes the synthetic history into the hub's store before the hub starts, statistics marked as up to date.</summary>
    private async Task PreloadAsync(LoopbackAxis axis)
    {
        var phase = $"Writing {settings.Preload:N0} letters of history into the store";
        progress(phase, 0, SyntheticExchange.Statements);
        Directory.CreateDirectory(axis.HubDataDirectory);
        var database = new SqliteDatabase(Path.Combine(axis.HubDataDirectory, "hub.db"));
        await new Storage.Hub.HubStore(database).MigrateAsync(TimeProvider.System.GetUtcNow());
        var history = new SyntheticExchange(database, agencies: 1_000);
        await history.CreateAgenciesAsync();
        await history.AddLettersAsync(1, settings.Preload, new Progress<int>(done => progress(phase, done, SyntheticExchange.Statements)));
        await history.MarkStatisticsCurrentAsync();
    }

    /// <summary>Clerks' trace queries, one after another, half for letters just sent and half (if any) from the history.</summary>
    private async Task<PhaseFigures> TraceQueriesAsync(LoopbackAxis axis, IReadOnlyList<string> recent, ProcessMeter meter)
    {
        var trace = new TraceService.TraceServiceClient(axis.Clients.Auditor());
        var random = new Random(7);
        var took = new List<double>(settings.TraceQueries);
        var cpuBefore = meter.CpuTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < settings.TraceQueries; i++)
        {
            var id = settings.Preload > 0 && i % 2 == 1
                ? SyntheticExchange.EnvelopeIdOf(random.NextInt64(1, settings.Preload + 1))
                : recent[random.Next(recent.Count)];
            var one = System.Diagnostics.Stopwatch.StartNew();
            await trace.GetTraceAsync(new GetTraceRequest { EnvelopeId = id });
            took.Add(one.Elapsed.TotalMilliseconds);
            progress($"DocAxis: {BenchPhases.Trace}", i + 1, settings.TraceQueries);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        return new PhaseFigures(
            BenchPhases.Trace, settings.TraceQueries, 0, settings.TraceQueries / seconds, 0, seconds, Latency.Of(took), null,
            (meter.CpuTime - cpuBefore).TotalSeconds / seconds, meter.PeakRssMegabytes, (meter.CpuTime - cpuBefore).TotalMilliseconds / settings.TraceQueries);
    }

    /// <summary>
    /// Runs a phase and reads the servers' CPU (the first one's alone, and all of theirs per letter),
    /// the first one's peak memory and, for the hub, when each letter was delivered.
    /// </summary>
    private static async Task<PhaseFigures> MeasureAsync(
        string name, ProcessMeter[] servers, Database? hub, int letters, Func<Task<LoadResult>> run, bool bigLetter = false)
    {
        var meter = servers[0];
        var cpuBefore = meter.CpuTime;
        var allBefore = servers.Sum(s => s.CpuTime.TotalMilliseconds);
        var load = await run();
        if (load.Accepted != letters)
        {
            throw new InvalidOperationException($"{name}: only {load.Accepted} of {letters} letters were accepted; see the hosts' logs.");
        }

        Latency? endToEnd = null;
        var seconds = load.Elapsed.TotalSeconds;
        var measured = seconds;
        if (hub is not null)
        {
            var delivered = await BenchHosts.WaitDeliveredAsync(hub, [.. load.Letters.Select(l => l.EnvelopeId)]);
            var latencies = load.Letters.Select(l => (delivered[l.EnvelopeId] - l.Started).TotalMilliseconds).ToList();
            endToEnd = Latency.Of(latencies);
            if (bigLetter)
            {
                // The big letter's CPU and memory are the hub's until the node's delivery receipt.
                measured = Math.Max(seconds, latencies.Max() / 1000);
            }
        }

        var cpu = (meter.CpuTime - cpuBefore).TotalSeconds / measured;
        var perLetter = (servers.Sum(s => s.CpuTime.TotalMilliseconds) - allBefore) / letters;
        return new PhaseFigures(
            name, letters, load.Letters[0].Bytes, load.PerSecond, load.MegabytesPerSecond, seconds,
            Latency.Of(load.Letters.Select(l => l.Took.TotalMilliseconds)), endToEnd, cpu, meter.PeakRssMegabytes, perLetter);
    }

    /// <summary>
    /// Sends warm-up rounds until, in one, the servers' background JIT (tiered compilation) used
    /// under 2% of their CPU: a fresh .NET process keeps recompiling hot methods, optimized, long
    /// after its first letters, a cost a hub that has run for a day does not pay. Returns the number
    /// of letters sent.
    /// </summary>
    private static async Task<int> WarmUpAsync(BenchLetter[][] rounds, ProcessMeter[] servers, Func<BenchLetter[], Task> send)
    {
        var sent = 0;
        foreach (var round in rounds)
        {
            var cpu = servers.Sum(s => s.CpuTime.TotalMilliseconds);
            var jit = servers.Sum(s => s.TieringCpuTime.TotalMilliseconds);
            await send(round);
            sent += round.Length;
            cpu = servers.Sum(s => s.CpuTime.TotalMilliseconds) - cpu;
            jit = servers.Sum(s => s.TieringCpuTime.TotalMilliseconds) - jit;
            if (jit < 0.02 * cpu)
            {
                break;
            }
        }

        return sent;
    }

    private Func<string, Func<LoadDriver, Task<LoadResult>>, int, Task<LoadResult>> Driver(LoopbackAxis axis, Uri endpoint, string target)
    {
        var channel = BenchHosts.AgencyChannel(axis, Sender, endpoint);
        return async (phase, run, count) =>
        {
            progress($"{target}: {phase}", 0, count);
            var driver = new LoadDriver(new SubmissionService.SubmissionServiceClient(channel), done => progress($"{target}: {phase}", done, count));
            return await run(driver);
        };
    }

    private static string Machine() =>
        $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024 * 1024)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}";
}
