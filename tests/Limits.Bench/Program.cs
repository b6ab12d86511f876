using DataBroker.Limits.Bench;

return await SubmitBenchmark.RunAsync(args);
