using System.CommandLine;
using DocAxis.Cli.Commands;

// Ctrl+C and SIGTERM cancel the running command, which then stops what it started: hosts finish
// their transfers (Hub/Node ShutdownTimeout, 60 s by default) within this.
var invocation = new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(75) };
return await DocAxisCommand.Create().Parse(args).InvokeAsync(invocation);
