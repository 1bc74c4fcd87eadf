using System.Collections.Concurrent;
using System.Threading.Channels;
using DocAxis.Node.Options;
using DocAxis.Storage.Node;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DocAxis.Node.Sending;

/// <summary>
/// Drains the outbox the way the hub's dispatcher drains deliveries: a loop finds queued letters
/// that are due and hands them through a channel to <see cref="OutboxOptions.MaxParallel"/>
/// workers, each submitting one letter at a time. A large letter on a slow link thus holds up
/// neither the letters queued after it nor (see <see cref="StatusRelay"/>) the statuses a clerk
/// reports meanwhile. Work survives restarts because it lives in the database; the signal only
/// makes new work start at once instead of at the next poll. Letters are independent, so one
/// queued later may be accepted first.
/// </summary>
internal sealed class OutboxSender(NodeStore store, LetterSubmitter submitter, NodeOptions options, OutboxSignal signal, TimeProvider time, ILogger<OutboxSender> logger)
    : BackgroundService
{
    private readonly Channel<OutboxLetter> _queue = Channel.CreateBounded<OutboxLetter>(options.Outbox.MaxParallel);

    // Letters queued or being submitted; the node is one process over its own database, so this
    // process alone knows them.
    private readonly ConcurrentDictionary<string, bool> _underWay = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var workers = Enumerable.Range(0, options.Outbox.MaxParallel).Select(_ => WorkAsync(stoppingToken)).ToList();
        await FindDueLettersAsync(stoppingToken);
        _queue.Writer.TryComplete();

        // Letters cut off by shutdown stay queued and go again after a restart; the hub answers a
        // repeated envelope id with its first receipt.
        await Task.WhenAll(workers);
    }

    private async Task FindDueLettersAsync(CancellationToken stoppingToken)
    {
        var most = options.Outbox.MaxParallel;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = time.GetUtcNow();
                var free = most - _underWay.Count;
                // Asking for as many more as are under way fills every free worker even when those come first.
                var due = free > 0 ? await store.DueOutboxAsync(now, free + _underWay.Count) : [];
                foreach (var letter in due.Where(l => !_underWay.ContainsKey(l.EnvelopeId)).Take(free).ToList())
                {
                    _underWay[letter.EnvelopeId] = true;
                    await _queue.Writer.WriteAsync(letter, stoppingToken);
                }

                // With every worker busy, a letter finishing wakes the loop; otherwise the next letter
                // to wait for is a retry not due yet, or new work.
                var wait = _underWay.Count >= most ? options.Outbox.PollInterval : OutboxWaits.Until(await store.NextLetterDueAsync(now), now, options.Outbox.PollInterval);
                await signal.WaitForLettersAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                NodeLog.OutboxCrashed(logger, e);
                await signal.WaitForLettersAsync(options.Outbox.PollInterval, stoppingToken);
            }
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var letter in _queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            try
            {
                if (!stoppingToken.IsCancellationRequested)
                {
                    await submitter.SubmitAsync(letter, stoppingToken);
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                // The letter stays queued in the database; the next poll finds it again.
                NodeLog.OutboxCrashed(logger, e);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
            }
            finally
            {
                _underWay.TryRemove(letter.EnvelopeId, out _);
                signal.WakeLetters();
            }
        }
    }
}
