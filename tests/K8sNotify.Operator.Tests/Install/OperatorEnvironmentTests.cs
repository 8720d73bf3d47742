using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using K8sNotify.Operator.Builders;
using K8sNotify.Operator.JetStream;
using K8sNotify.Operator.Runtime;
using K8sNotify.TestSupport;
using Microsoft.Extensions.Configuration;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>The env vars the chart and the kustomize manager set are the configuration keys the operator binds (the likeliest integration bug).</summary>
public sealed partial class OperatorEnvironmentTests
{
    // Read by the host or the options' defaults rather than by a bound section.
    private static readonly string[] HostVariables = ["POD_NAME", "POD_NAMESPACE", "ASPNETCORE_URLS", "Logging__LogLevel__Default"];

    private static readonly (string Section, Type Options)[] Sections =
    [
        (OperatorOptions.SectionName, typeof(OperatorOptions)),
        (DispatcherDeploymentOptions.SectionName, typeof(DispatcherDeploymentOptions)),
        (JetStreamOptions.SectionName, typeof(JetStreamOptions)),
    ];

    [Fact]
    public void ChartEnvironment_EveryVariable_IsBoundByTheOperator()
    {
        var template = File.ReadAllText(RepositoryRoot.Combine("charts", "k8snotify", "templates", "_env.tpl"));

        // A templated index ("__{{ $i }}") stands for 0, 1, ...
        var names = EnvName().Matches(template).Select(m => TemplateAction().Replace(m.Groups[1].Value, "0")).ToList();

        Assert.Contains("Dispatcher__Image", names);
        var unbound = names.Where(n => !IsBound(n)).ToList();
        Assert.True(unbound.Count == 0, "charts/k8snotify/templates/_env.tpl sets variables the operator does not bind: " + string.Join(", ", unbound));
    }

    [Fact]
    public async Task KustomizeManager_Environment_BindsAndValidates()
    {
        var objects = await InstallSources.KustomizeAsync(".", TestContext.Current.CancellationToken);
        var container = objects.Single(o => o["kind"]!.GetValue<string>() == "Deployment")["spec"]!["template"]!["spec"]!["containers"]![0]!;
        var env = container["env"]!.AsArray().OfType<JsonObject>().ToList();

        var unbound = env.Select(e => e["name"]!.GetValue<string>()).Where(n => !IsBound(n)).ToList();
        Assert.True(unbound.Count == 0, "operator/config/manager/manager.yaml sets variables the operator does not bind: " + string.Join(", ", unbound));
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(env.Where(e => e["value"] is not null)
                .Select(e => KeyValuePair.Create<string, string?>(e["name"]!.GetValue<string>().Replace("__", ":", StringComparison.Ordinal), e["value"]!.GetValue<string>())))
            .Build();
        foreach (var (section, type) in Sections)
        {
            var options = Activator.CreateInstance(type)!;
            configuration.GetSection(section).Bind(options);
            var results = new List<ValidationResult>();
            Assert.True(Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true), $"{section}: " + string.Join("; ", results));
        }
    }

    [Theory]
    [InlineData("Operator__WatchNamespaces__3", true)]
    [InlineData("Dispatcher__RedisPasswordSecret", true)]
    [InlineData("JetStream__CredentialsFile", true)]
    [InlineData("K8SNOTIFY_WATCH_NAMESPACES", false)]
    [InlineData("Operator__WatchNamespace", false)]
    [InlineData("Dispatcher__NatsURL", false)]
    public void IsBound_ConfigurationKey_MatchesTheOptionsClasses(string name, bool bound)
    {
        Assert.Equal(bound, IsBound(name));
    }

    // Section__Property for scalars, Section__Property__N for lists; configuration keys are case-insensitive, but
    // the chart and manifests are held to the exact spelling so they read like the options classes.
    private static bool IsBound(string name)
    {
        if (HostVariables.Contains(name))
        {
            return true;
        }

        foreach (var (section, type) in Sections)
        {
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
            {
                var key = $"{section}__{property.Name}";
                var isList = property.PropertyType != typeof(string) && typeof(IEnumerable).IsAssignableFrom(property.PropertyType);
                if (isList ? Regex.IsMatch(name, $"^{key}__[0-9]+$") : name == key)
                {
                    return true;
                }
            }
        }

        return false;
    }

    [GeneratedRegex(@"^\s*- name: (\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex EnvName();

    [GeneratedRegex(@"\{\{[^}]*\}\}")]
    private static partial Regex TemplateAction();
}
