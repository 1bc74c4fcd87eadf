using DocAxis.Cli.Commands;

return await DocAxisCommand.Create().Parse(args).InvokeAsync();
