using DataBroker.Broker.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddBrokerService();

var app = builder.Build();
app.MapBrokerService();
app.Run();
