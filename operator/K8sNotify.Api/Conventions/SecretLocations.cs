using System.Text;
using K8sNotify.Api.Contract;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Conventions;

/// <summary>Where a dispatcher finds a referenced Secret key: the operator mounts and names them this way.</summary>
public static class SecretLocations
{
    /// <summary>Directory under which the operator mounts each referenced Secret as <c>&lt;name&gt;/&lt;key&gt;</c>.</summary>
    public const string MountRoot = DispatcherMounts.SecretsRoot;

    /// <summary>Environment variable prefix for secret values (containers and local runs).</summary>
    public const string EnvironmentPrefix = DispatcherEnvironment.SecretPrefix;

    /// <summary>The environment variable a secret key may be supplied in, e.g. <c>K8SNOTIFY_SECRET_SMTP_CREDS_PASSWORD</c>.</summary>
    public static string EnvironmentVariable(string secretName, string key) =>
        EnvironmentPrefix + Upper(secretName) + "_" + Upper(key);

    /// <inheritdoc cref="EnvironmentVariable(string, string)"/>
    public static string EnvironmentVariable(SecretKeyReference reference) => EnvironmentVariable(reference.Name, reference.Key);

    /// <summary>The file a mounted secret key is read from.</summary>
    public static string FilePath(string root, SecretKeyReference reference) => Path.Combine(root, reference.Name, reference.Key);

    private static string Upper(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToUpperInvariant(c) : '_');
        }

        return sb.ToString();
    }
}
