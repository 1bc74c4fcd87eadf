namespace DocAxis.Cli.Demo;

/// <summary>One thing the demo claims, and whether it really happened.</summary>
public sealed record DemoCheck(string Name, bool Passed, string Detail);
