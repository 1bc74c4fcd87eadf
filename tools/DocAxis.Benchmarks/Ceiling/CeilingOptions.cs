namespace DocAxis.Benchmarks.Ceiling;

/// <summary>The bench ceiling's own settings (section <c>Ceiling</c>), beside the hub's listener settings it runs on.</summary>
public sealed class CeilingOptions
{
    public const string Section = "Ceiling";

    /// <summary>
    /// Another ceiling service to pass every submission on to, message by message, answering with
    /// its answer: the bare two-hop relay. Unset, the service only reads what it is sent.
    /// </summary>
    public Uri? RelayTo { get; set; }
}
