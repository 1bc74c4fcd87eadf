using System.Diagnostics;
using DocAxis.Contracts.V1;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Grpc.Core;

namespace DocAxis.Benchmarks.Bench;

/// <summary>One letter as the load driver sent it.</summary>
public sealed record SentLetter(string EnvelopeId, DateTimeOffset Started, TimeSpan Took, long Bytes, bool Accepted);

/// <summary>What one phase of load achieved.</summary>
public sealed record LoadResult(IReadOnlyList<SentLetter> Letters, TimeSpan Elapsed)
{
    public int Accepted => Letters.Count(l => l.Accepted);

    public double PerSecond => Accepted / Elapsed.TotalSeconds;

    public double MegabytesPerSecond => Letters.Where(l => l.Accepted).Sum(l => l.Bytes) / (1024.0 * 1024) / Elapsed.TotalSeconds;
}

/// <summary>
/// Streams letters to a SubmissionService exactly as a node does (the header, then the attachment
/// in 64 KB chunks) over one HTTP/2 connection: as fast as a number of concurrent senders can, or
/// at a fixed rate. The hub and the bare ceiling service are driven by the same code.
/// </summary>
public sealed class LoadDriver(SubmissionService.SubmissionServiceClient client, Action<int>? progress = null)
{
    public async Task<LoadResult> AsFastAsPossibleAsync(IReadOnlyList<BenchLetter> letters, int concurrency, CancellationToken cancellationToken)
    {
        var sent = new SentLetter[letters.Count];
        var next = -1;
        var done = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < letters.Count)
            {
                sent[i] = await SendAsync(letters[i], cancellationToken);
                progress?.Invoke(Interlocked.Increment(ref done));
            }
        });
        await Task.WhenAll(workers);
        return new LoadResult(sent, clock.Elapsed);
    }

    /// <summary>Starts one letter every 1/<paramref name="rate"/> seconds, whatever the answers' pace (an open loop).</summary>
    public async Task<LoadResult> AtRateAsync(IReadOnlyList<BenchLetter> letters, double rate, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var done = 0;
        var pending = new List<Task<SentLetter>>(letters.Count);
        for (var i = 0; i < letters.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            pending.Add(SendAsync(letters[i], cancellationToken).ContinueWith(
                t =>
                {
                    progress?.Invoke(Interlocked.Increment(ref done));
                    return t.Result;
                },
                cancellationToken,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default));
        }

        var sent = await Task.WhenAll(pending);
        return new LoadResult(sent, clock.Elapsed);
    }

    public async Task<SentLetter> SendAsync(BenchLetter letter, CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetUtcNow();
        var clock = Stopwatch.StartNew();
        try
        {
            using var call = client.Submit(cancellationToken: cancellationToken);
            var answer = await ClientStreamingCalls.SendAsync(call, async requests =>
            {
                await requests.WriteAsync(new SubmitRequest { Header = new SubmissionHeader { EnvelopeId = letter.EnvelopeId, SignedManifest = letter.Signed } });
                foreach (var chunk in letter.Content.Chunks())
                {
                    await requests.WriteAsync(new SubmitRequest { Chunk = new AttachmentChunk { AttachmentIndex = 0, Data = UnsafeByteOperations.UnsafeWrap(chunk) } });
                }
            });
            var named = AcceptanceReceipt.Parser.ParseFrom(answer.Body).EnvelopeId;
            if (named != letter.EnvelopeId)
            {
                // An answer for another letter (or none) would make every figure of the run meaningless.
                throw new InvalidOperationException($"The answer to letter {letter.EnvelopeId} names \"{named}\".");
            }

            return new SentLetter(letter.EnvelopeId, started, clock.Elapsed, letter.Content.Size, Accepted: true);
        }
        catch (RpcException)
        {
            return new SentLetter(letter.EnvelopeId, started, clock.Elapsed, letter.Content.Size, Accepted: false);
        }
    }
}
