using K8sNotify.DevCluster;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// A local control plane for trying K8sNotify with kubectl: the API server double, nats-server, redis-server and the
// operator, until SIGINT/SIGTERM (the generic host's console lifetime), then every child is stopped by PID.
var builder = Host.CreateApplicationBuilder(args);
builder.Logging.AddSimpleConsole(console =>
{
    console.SingleLine = true;
    console.TimestampFormat = "HH:mm:ss ";
});
builder.Services.AddOptions<DevClusterOptions>().BindConfiguration(DevClusterOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(30));
builder.Services.AddHostedService<DevClusterHost>();
await builder.Build().RunAsync();
