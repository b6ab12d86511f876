using DataBroker.Cli;

return await DbrokerCli.RunAsync(args, new CliEnvironment(Console.Out, Console.Error));
