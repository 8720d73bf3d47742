using System.ComponentModel.DataAnnotations;
using K8sNotify.Dispatcher.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.Tests;

public sealed class DispatcherHostTests
{
    [Fact]
    public void NatsOptions_CredentialsAndPodNameFromTheEnvironmentNames_CredsFileAndConnectionName()
    {
        var creds = Path.GetTempFileName();
        try
        {
            // The names the operator's Deployment sets (K8SNOTIFY_ prefix stripped by the host's environment source).
            var options = Bind(new() { ["CONFIG"] = "/etc/k8snotify/config/bundle.json", ["NATS"] = "nats://nats:4222", ["NATS_CREDENTIALS"] = creds, ["POD_NAME"] = "orders-email-dispatcher-7d9f-x2x4q" });

            var nats = DispatcherHost.NatsOptions(options);

            Assert.Equal("nats://nats:4222", nats.Url);
            Assert.Equal(creds, nats.AuthOpts.CredsFile);
            Assert.Equal("k8snotify-dispatcher/orders-email-dispatcher-7d9f-x2x4q", nats.Name);
        }
        finally
        {
            File.Delete(creds);
        }
    }

    [Fact]
    public void NatsOptions_NoCredentialsNoPodName_AnonymousAndPlainName()
    {
        var nats = DispatcherHost.NatsOptions(new DispatcherOptions { Config = "/bundle.json" });

        Assert.Null(nats.AuthOpts.CredsFile);
        Assert.Equal(DispatcherHost.NatsConnectionName, nats.Name);
    }

    [Fact]
    public void Validate_CredentialsFileMissing_NamesTheFile()
    {
        var options = new DispatcherOptions { Config = "/bundle.json", NatsCredentials = "/etc/k8snotify/nats/missing.creds" };

        var results = options.Validate(new ValidationContext(options)).ToList();

        Assert.Contains(results, r => r.ErrorMessage!.Contains("/etc/k8snotify/nats/missing.creds", StringComparison.Ordinal));
    }

    private static DispatcherOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddOptions<DispatcherOptions>().Bind(configuration);
        return services.BuildServiceProvider().GetRequiredService<IOptions<DispatcherOptions>>().Value;
    }
}
