using System.CommandLine;
using DocAxis.Benchmarks.Commands;

// docaxis-bench-tools: the measurements that are too slow or too machine-dependent for the test suite.
var root = new RootCommand("DocAxis benchmarks: the hub beside a bare gRPC ceiling, its cost against its history, signatures, statistics, a platform node")
{
    BenchCommand.Create(), ScaleCommand.Create(), SignaturesCommand.Create(), StatisticsCommand.Create(), EdXmlCommand.Create(), CeilingCommand.Create(), ConsoleCommand.Create(),
    PlatformCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
