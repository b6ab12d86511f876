using DataBroker.WebConsole.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddWebConsole();

var app = builder.Build();
app.MapWebConsole();
app.Run();
