using DataBroker.DevIdentityProvider.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddDevIdentityProvider();

var app = builder.Build();
app.MapDevIdentityProvider();
app.Run();
