using System.Diagnostics.Metrics;

namespace DocAxis.Hub.Telemetry;

/// <summary>
/// The hub's metrics, for OpenTelemetry: letters accepted, refusals by reason, delivery attempts by
/// outcome, deliveries pending and failed, and how long submissions and deliveries take.
/// </summary>
public sealed class HubMetrics
{
    public const string MeterName = "DocAxis.Hub";

    private readonly Counter<long> _accepted;
    private readonly Counter<long> _acceptedBytes;
    private readonly Counter<long> _refusals;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _submission;
    private readonly Histogram<double> _latency;

    public HubMetrics(IMeterFactory meters, DeliveryCounts counts, Federation.DirectoryCopies directories)
    {
        var meter = meters.Create(MeterName);
        _accepted = meter.CreateCounter<long>("docaxis.hub.letters.accepted", "{letter}", "Letters accepted (committed with a signed receipt)");
        _acceptedBytes = meter.CreateCounter<long>("docaxis.hub.letters.accepted.bytes", "By", "Attachment bytes of accepted letters");
        _refusals = meter.CreateCounter<long>("docaxis.hub.refusals", "{refusal}", "Calls refused, by reason and method");
        _attempts = meter.CreateCounter<long>("docaxis.hub.delivery.attempts", "{attempt}", "Delivery attempts, by outcome: delivered, retry, failed");
        _submission = meter.CreateHistogram<double>("docaxis.hub.submission.duration", "s", "From the first message of a submission to its receipt");
        _latency = meter.CreateHistogram<double>("docaxis.hub.delivery.latency", "s", "From acceptance to the recipient's delivery receipt");
        meter.CreateObservableGauge("docaxis.hub.deliveries.pending", () => counts.Pending, "{delivery}", "Deliveries accepted and not yet delivered");
        meter.CreateObservableGauge("docaxis.hub.deliveries.failed", () => counts.Failed, "{delivery}", "Deliveries the hub gave up on");
        meter.CreateObservableGauge("docaxis.hub.directory.copies.expired", () => directories.Expired, "{copy}", "Peer hubs' directory copies past their expiry, still routed on");
    }

    public void Accepted(long bytes, TimeSpan took)
    {
        _accepted.Add(1);
        _acceptedBytes.Add(bytes);
        _submission.Record(took.TotalSeconds);
    }

    public void Refused(string reason, string method) =>
        _refusals.Add(1, new KeyValuePair<string, object?>("reason", reason), new KeyValuePair<string, object?>("method", method));

    public void Attempt(string outcome) => _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void Delivered(TimeSpan sinceAcceptance)
    {
        Attempt("delivered");
        _latency.Record(sinceAcceptance.TotalSeconds);
    }
}
