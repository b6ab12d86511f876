using DataBroker.Records.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddRecordsService();

var app = builder.Build();
app.MapRecordsService();
app.Run();
