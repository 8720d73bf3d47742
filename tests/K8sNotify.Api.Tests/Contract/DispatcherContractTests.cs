using System.Text.RegularExpressions;
using K8sNotify.Api.Contract;
using K8sNotify.TestSupport;

namespace K8sNotify.Api.Tests.Contract;

/// <summary>
/// The operator writes and the dispatcher reads environment variables, flags, mount paths, ConfigMap keys, labels and
/// annotations; both must take them from K8sNotify.Api.Contract so the two sides cannot drift apart.
/// </summary>
public sealed partial class DispatcherContractTests
{
    private static readonly string[] ProductionSources = ["operator", "dispatcher"];

    /// <summary>A plain string literal starting with the dispatcher's variable prefix (interpolated NATS names excepted).</summary>
    [GeneratedRegex("(?<![$@])\"K8SNOTIFY_")]
    private static partial Regex EnvironmentLiteral();

    /// <summary>A literal mount path under the K8sNotify mount root.</summary>
    [GeneratedRegex("\"/etc/k8snotify")]
    private static partial Regex MountLiteral();

    /// <summary>A literal recommended-label, kubectl annotation, or API-group-prefixed key.</summary>
    [GeneratedRegex("\"app\\.kubernetes\\.io/|\"kubectl\\.kubernetes\\.io/|ApiGroup\\.Group \\+ \"/(channel|config-checksum)\"")]
    private static partial Regex LabelLiteral();

    /// <summary>A dispatcher switch or ConfigMap key written as a literal instead of taken from the contract.</summary>
    [GeneratedRegex("\"--(config|http-port|nats|nats-credentials|redis|manifests)\"|\"bundle\\.json\"|\\[ConfigurationKeyName\\(\"(MANIFESTS|CONFIG|NATS|NATS_CREDENTIALS|POD_NAME|REDIS|HTTP_PORT|CHANNEL|NAMESPACE|API|REPLICAS|REPLICAS_FILE)\"\\)")]
    private static partial Regex FlagLiteral();

    public static TheoryData<string> Rules() => ["environment", "mount", "label", "flag"];

    [Theory]
    [MemberData(nameof(Rules))]
    public void Sources_OutsideContract_DefineNoContractNames(string rule)
    {
        var pattern = rule switch
        {
            "environment" => EnvironmentLiteral(),
            "mount" => MountLiteral(),
            "label" => LabelLiteral(),
            _ => FlagLiteral(),
        };

        var offenders = ContractViolations(pattern).ToList();

        Assert.True(offenders.Count == 0, $"take {rule} names from K8sNotify.Api.Contract instead of literals:\n" + string.Join('\n', offenders));
    }

    [Fact]
    public void ContractViolations_LiteralInSource_IsFound()
    {
        // The scan itself must be able to fail: a source line as the operator once wrote it is caught.
        Assert.Matches(EnvironmentLiteral(), """public const string NatsEnv = "K8SNOTIFY_NATS";""");
        Assert.Matches(MountLiteral(), """MountPath = "/etc/k8snotify/nats",""");
        Assert.Matches(LabelLiteral(), """["kubectl.kubernetes.io/default-container"] = "dispatcher",""");
        Assert.Matches(FlagLiteral(), """Args = ["--config", path],""");
        Assert.Matches(FlagLiteral(), """[ConfigurationKeyName("POD_NAME")]""");
        Assert.DoesNotMatch(FlagLiteral(), """[ConfigurationKeyName("API_BURST")]""");
        Assert.DoesNotMatch(EnvironmentLiteral(), """$"K8SNOTIFY_{ns}_{name}" """);
    }

    [Fact]
    public void DispatcherEnvironment_Variables_ArePrefixedSettings()
    {
        Assert.Equal("K8SNOTIFY_NATS", DispatcherEnvironment.Nats);
        Assert.Equal("K8SNOTIFY_HTTP_PORT", DispatcherEnvironment.Variable("http-port"));
        Assert.Equal(DispatcherEnvironment.Prefix + DispatcherSettings.ReplicasFile, DispatcherEnvironment.ReplicasFile);
    }

    [Fact]
    public void DispatcherFlags_Settings_NameTheirKeys()
    {
        foreach (var (flag, key) in DispatcherFlags.Settings)
        {
            Assert.Equal(DispatcherEnvironment.Variable(flag[2..]), DispatcherEnvironment.Prefix + key);
        }
    }

    [Fact]
    public void DispatcherMounts_Files_AreConfigMapKeysInTheConfigDirectory()
    {
        Assert.Equal("/etc/k8snotify/config/bundle.json", DispatcherMounts.BundleFile);
        Assert.Equal("/etc/k8snotify/config/replicas", DispatcherMounts.ReplicasFile);
        Assert.Equal("/etc/k8snotify/secrets/smtp", DispatcherMounts.SecretDirectory("smtp"));
    }

    private static IEnumerable<string> ContractViolations(Regex pattern)
    {
        var contract = Path.Combine("K8sNotify.Api", "Contract") + Path.DirectorySeparatorChar;
        foreach (var root in ProductionSources)
        {
            foreach (var file in Directory.EnumerateFiles(RepositoryRoot.Combine(root), "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(RepositoryRoot.Path, file);
                if (relative.Contains(contract, StringComparison.Ordinal) || IsBuildOutput(relative))
                {
                    continue;
                }

                var lineNumber = 0;
                foreach (var line in File.ReadLines(file))
                {
                    lineNumber++;
                    if (pattern.IsMatch(line))
                    {
                        yield return $"{relative}:{lineNumber}: {line.Trim()}";
                    }
                }
            }
        }
    }

    private static bool IsBuildOutput(string relative) =>
        relative.Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj");
}
