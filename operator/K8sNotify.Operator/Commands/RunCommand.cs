using System.CommandLine;
using K8sNotify.Api.Contract;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.Controllers;
using K8sNotify.Operator.Hosting;
using K8sNotify.Operator.Runtime;
using Microsoft.Extensions.Options;

namespace K8sNotify.Operator.Commands;

/// <summary><c>run [--Section:Key=VALUE ...]</c>: the operator itself — informers, leader election, controllers and the health and metrics endpoints.</summary>
public static class RunCommand
{
    public const string Name = "run";

    /// <summary>Health (8081) and metrics (8080) ports of the manager Deployment; both serve every endpoint.</summary>
    public const string DefaultUrls = "http://0.0.0.0:8081;http://0.0.0.0:8080";

    /// <summary>The <c>run</c> command; ASP.NET Core configuration switches such as <c>--Dispatcher:Image=IMAGE</c> pass through to the host.</summary>
    public static Command Create()
    {
        var command = new Command(Name, "Run the operator (in a cluster, or against the current kubeconfig context). Any setting of the Operator, Dispatcher and JetStream sections may follow as --Section:Key=VALUE, e.g. --Dispatcher:Image=IMAGE or --Operator:WatchNamespaces:0=NS.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        var monitoringLabels = MonitoringLabelOption.Create();
        command.Options.Add(monitoringLabels);
        var logFormat = new Option<string>("--log-format")
        {
            Description = "Console logs as json (one object per line, with scopes; the chart's default) or text (the default here).",
            HelpName = "json|text",
            DefaultValueFactory = _ => LogFormats.Text,
        };
        logFormat.AcceptOnlyFromAmong([.. LogFormats.All]);
        command.Options.Add(logFormat);
        var defaults = DispatcherDefaultsOption.Create();
        command.Options.Add(defaults);
        command.SetAction((parsed, cancellationToken) =>
        {
            var labels = MonitoringLabelOption.Labels(parsed.GetValue(monitoringLabels))
                .Select(l => $"--{DispatcherDeploymentOptions.SectionName}:{nameof(DispatcherDeploymentOptions.MonitoringLabels)}:{l.Key}={l.Value}");
            string[] format = [$"--{ConsoleLogFormat.ConfigurationKey}={parsed.GetRequiredValue(logFormat)}"];
            string[] defaultsFile = parsed.GetValue(defaults) is { Length: > 0 } file
                ? [$"--{DispatcherDeploymentOptions.SectionName}:{nameof(DispatcherDeploymentOptions.DefaultsFile)}={file}"]
                : [];
            return RunAsync([.. parsed.UnmatchedTokens, .. labels, .. format, .. defaultsFile], parsed.InvocationConfiguration.Error);
        });
        return command;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter stderr)
    {
        if (!k8s.KubernetesClientConfiguration.IsInCluster() && !File.Exists(KubeConfigPath()))
        {
            await stderr.WriteLineAsync($"run: not in a cluster and no kubeconfig at {KubeConfigPath()} (set KUBECONFIG)").ConfigureAwait(false);
            return 2;
        }

        var app = Build(args);
        try
        {
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            // Bad settings are a clear message and exit code, not a stack trace.
            await stderr.WriteLineAsync("run: invalid configuration: " + string.Join("; ", e.Failures)).ConfigureAwait(false);
            return 2;
        }
        catch (k8s.Exceptions.KubeConfigException e)
        {
            await stderr.WriteLineAsync("run: cannot use the kubeconfig: " + e.Message).ConfigureAwait(false);
            return 2;
        }
    }

    private static string KubeConfigPath() => KubeConfigLocation.Resolve();

    /// <summary>Builds the operator host (tests run it in-process against a fake API server or K3s).</summary>
    public static WebApplication Build(string[] args, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            builder.WebHost.UseUrls(DefaultUrls.Split(';'));
        }

        ConsoleLogFormat.Configure(builder.Logging, builder.Configuration[ConsoleLogFormat.ConfigurationKey]);
        configureServices?.Invoke(builder.Services);
        builder.Services.AddOperatorRuntime(builder.Configuration);
        builder.Services.AddK8sNotifyControllers(builder.Configuration);
        var app = builder.Build();
        app.MapOperatorEndpoints();
        return app;
    }
}
