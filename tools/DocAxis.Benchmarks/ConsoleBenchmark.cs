using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using DocAxis.Cli.Local;
using DocAxis.Core.Agencies;
using DocAxis.Storage;
using DocAxis.Storage.Hub;
using DocAxis.Storage.Node;
using DocAxis.WebConsole.Access;
using Microsoft.Data.Sqlite;

namespace DocAxis.Benchmarks;

/// <summary>Round-trip times of one console page over loopback, in milliseconds, over the runs made.</summary>
public sealed record PageTiming(string Page, string Path, int Runs, double P50, double P95, double Max);

public sealed record ConsoleBenchmarkResult(
    long SentLetters, long Deliveries, long ReceivedLetters, double FillSeconds, long LogEntries, long HubLetters, double LogFillSeconds, IReadOnlyList<PageTiming> Pages);

/// <summary>
/// A node with a real history behind its clerks' console: fills the node's database with sent
/// letters (1 to 3 recipients each, mostly delivered) and received ones, starts the node, signs a
/// clerk in, and times the pages a clerk opens first, through the real console on loopback. Then
/// the same for the hub: its exchange log filled (<see cref="HubLogHistory"/>) and an auditor's searches timed.
/// </summary>
public sealed partial class ConsoleBenchmark(string folder, long sentLetters, long receivedLetters, long logEntries, int runs)
{
    private static readonly LocalAgency Office = new(AgencyCode.Parse("000.00.00.G22"), "Văn phòng Chính phủ", GovernmentLevel.Central);
    private static readonly string[] Subjects = ["Về việc tổ chức hội nghị trực tuyến", "Báo cáo tình hình kinh tế - xã hội", "Giấy mời họp", "Công văn hướng dẫn thực hiện", "Thông báo kết luận"];

    public async Task<ConsoleBenchmarkResult> RunAsync(Action<string, int, int> progress)
    {
        await using var axis = LoopbackAxis.Create(folder, [Office], TimeProvider.System);
        await axis.StartHubAsync();
        await axis.RegisterAgenciesAsync();
        await axis.StartNodeAsync(Office.Code);
        await axis.StopNodeAsync(Office.Code);
        var path = Path.Combine(axis.NodeDataDirectory(Office.Code), "node.db");
        var fill = Stopwatch.StartNew();
        var deliveries = await FillAsync(path, progress);
        fill.Stop();
        const string password = "mat-khau-do-hieu-nang";
        await new NodeStore(new SqliteDatabase(path)).Accounts.AddAsync(AccountSignIn.NewClerk("bench", "Benchmark", Office.Code.Value, password, TimeProvider.System.GetUtcNow()));
        await axis.StartNodeAsync(Office.Code);

        using var http = Client(axis.ConsoleEndpoint(Office.Code));
        await SignInAsync(http, "bench", password, "/outbox");
        var timings = await TimeAsync(http, progress,
        [
            ("Outbox, first page", "/outbox"),
            ("Outbox, searched and filtered", "/outbox?q=h%E1%BB%99i+ngh%E1%BB%8B&state=Failed"),
            ("Outbox, by recipient", "/outbox?recipient=000.00.00.H41"),
            ("Outbox, a search nothing matches (reads every letter)", "/outbox?q=kh%C3%B4ng-c%C3%B3"),
            ("Outbox, page 100", "/outbox?page=99"),
            ("Inbox, first page", "/inbox"),
            ("Inbox, searched", "/inbox?q=b%C3%A1o+c%C3%A1o&state=New"),
        ]);

        await axis.StopHubAsync();
        var hubPath = Path.Combine(axis.HubDataDirectory, "hub.db");
        var history = new HubLogHistory(hubPath, logEntries);
        var logFill = Stopwatch.StartNew();
        var hubLetters = await history.FillAsync(TimeProvider.System.GetUtcNow(), progress);
        logFill.Stop();
        await new HubStore(new SqliteDatabase(hubPath)).Accounts.AddAsync(
            AccountSignIn.NewAccount("bench-auditor", "Benchmark", ConsoleRoles.Auditor, null, password, TimeProvider.System.GetUtcNow()));
        await axis.StartHubAsync();
        using var hub = Client(axis.HubConsoleEndpoint);
        await SignInAsync(hub, "bench-auditor", password, "/log");
        var day = history.MiddleDay.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var month = history.MiddleDay.ToOffset(TimeSpan.FromHours(7)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        timings.AddRange(await TimeAsync(hub, progress,
        [
            ("Log, first page", "/log"),
            ("Log, by agency", $"/log?agency={HubLogHistory.Agencies[5]}"),
            ("Log, by envelope", $"/log?envelope={history.MiddleEnvelope}"),
            ("Log, by action", "/log?action=ReportStatus"),
            ("Log, one day", $"/log?from={day}&to={day}"),
            ("Log, agency, action and month", $"/log?agency={HubLogHistory.Agencies[9]}&action=SubmitLetter&from={month}-01&to={month}-28"),
            ("Log, an agency few letters involve", $"/log?agency={HubLogHistory.RareAgency}"),
        ]));

        return new ConsoleBenchmarkResult(sentLetters, deliveries, receivedLetters, fill.Elapsed.TotalSeconds, logEntries, hubLetters, logFill.Elapsed.TotalSeconds, timings);
    }

    private static HttpClient Client(Uri console) =>
        new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = console };

    private static async Task SignInAsync(HttpClient http, string user, string password, string landing)
    {
        var form = await http.GetStringAsync("/sign-in");
        var token = Token().Match(form).Groups[1].Value;
        using var signedIn = await http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = user, ["Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (signedIn.RequestMessage?.RequestUri?.AbsolutePath != landing)
        {
            throw new InvalidOperationException($"The benchmark's {user} could not sign in.");
        }
    }

    private async Task<List<PageTiming>> TimeAsync(HttpClient http, Action<string, int, int> progress, (string Name, string Path)[] pages)
    {
        var timings = new List<PageTiming>();
        foreach (var (name, page) in pages)
        {
            await http.GetStringAsync(page);
            var times = new List<double>();
            for (var i = 0; i < runs; i++)
            {
                progress($"Timing pages ({runs} each)", timings.Count * runs + i, pages.Length * runs);
                var clock = Stopwatch.StartNew();
                using var response = await http.GetAsync(page);
                await response.Content.ReadAsByteArrayAsync();
                times.Add(clock.Elapsed.TotalMilliseconds);
                response.EnsureSuccessStatusCode();
            }

            times.Sort();
            timings.Add(new PageTiming(name, page, runs, Percentile(times, 0.50), Percentile(times, 0.95), times[^1]));
        }

        return timings;
    }

    /// <summary>Writes the history straight into the node's tables, in large transactions.</summary>
    private async Task<long> FillAsync(string path, Action<string, int, int> progress)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await connection.ExecuteAsync("PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
        var random = new Random(18);
        var start = Epoch.ToMs(TimeProvider.System.GetUtcNow()) - sentLetters * 60_000;
        var deliveries = 0L;
        const int batch = 5_000;
        for (long done = 0; done < sentLetters; done += batch)
        {
            progress($"Writing {sentLetters:N0} sent letters", (int)(done / batch), (int)((sentLetters + batch - 1) / batch));
            await using var transaction = await connection.BeginTransactionAsync();
            for (var i = done; i < Math.Min(done + batch, sentLetters); i++)
            {
                var id = Guid.NewGuid().ToString("D");
                var at = start + i * 60_000;
                await connection.ExecuteAsync("""
                    INSERT INTO outbox (envelope_id, agency_code, subject, manifest, signature, manifest_sha256, state, attempts, next_attempt_at, queued_at, accepted_at, number, notation)
                    VALUES (@id, @agency, @subject, x'00', x'00', x'00', 'Accepted', 1, @at, @at, @at, @number, 'VPCP-HC')
                    """, new { id, agency = Office.Code.Value, subject = Subjects[i % Subjects.Length], at, number = (i % 9_999 + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) }, transaction);
                var recipients = random.Next(1, 4);
                for (var r = 0; r < recipients; r++)
                {
                    var roll = random.NextDouble();
                    await connection.ExecuteAsync(
                        "INSERT INTO sent_deliveries (envelope_id, recipient_code, state, status_code, updated_at) VALUES (@id, @recipient, @state, @status, @at)",
                        new
                        {
                            id, recipient = $"000.00.{r:00}.H{random.Next(10, 99)}", at,
                            state = roll < 0.90 ? "Delivered" : roll < 0.97 ? "Pending" : "Failed",
                            status = roll < 0.6 ? "0" + random.Next(1, 7) : null,
                        },
                        transaction);
                    deliveries++;
                }
            }

            await transaction.CommitAsync();
        }

        for (long done = 0; done < receivedLetters; done += batch)
        {
            progress($"Writing {receivedLetters:N0} received letters", (int)(done / batch), (int)((receivedLetters + batch - 1) / batch));
            await using var transaction = await connection.BeginTransactionAsync();
            for (var i = done; i < Math.Min(done + batch, receivedLetters); i++)
            {
                await connection.ExecuteAsync("""
                    INSERT INTO inbox (envelope_id, agency_code, sender_code, sender_name, subject, number, notation, urgency, manifest, signature, manifest_sha256,
                        acceptance, acceptance_signature, receipt, receipt_signature, received_at, attachment_count, total_size, status_code)
                    VALUES (@id, @agency, '000.00.00.H41', 'Ủy ban nhân dân tỉnh Nghệ An', @subject, '12', 'UBND-VX', 0, x'00', x'00', x'00', x'00', x'00', x'00', x'00', @at, 1, 1000, @status)
                    """, new { id = Guid.NewGuid().ToString("D"), agency = Office.Code.Value, subject = Subjects[i % Subjects.Length], at = start + i * 240_000, status = i % 10 == 0 ? null : "03" }, transaction);
            }

            await transaction.CommitAsync();
        }

        return deliveries;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}
