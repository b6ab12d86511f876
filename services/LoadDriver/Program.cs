using DataBroker.LoadDriver;

try
{
    var arguments = new DriverArguments(args);
    return arguments.Verb switch
    {
        "run" => await DriverCommands.RunAsync(arguments),
        "budget" => await BudgetRun.RunAsync(arguments),
        "scale-out" => await ScaleOutCheck.RunAsync(arguments),
        "prepare" => await PrepareCommand.RunAsync(arguments),
        _ => DriverCommands.Usage(),
    };
}
catch (ArgumentException e)
{
    Console.Error.WriteLine("dbroker-load: " + e.Message);
    return 2;
}
