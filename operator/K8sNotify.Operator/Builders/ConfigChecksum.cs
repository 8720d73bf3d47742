using System.Security.Cryptography;
using System.Text;

namespace K8sNotify.Operator.Builders;

/// <summary>The checksum that rolls dispatcher pods: it changes with the bundle and with any referenced Secret.</summary>
public static class ConfigChecksum
{
    public static string Compute(string bundleJson, IReadOnlyDictionary<string, string> secretVersions)
    {
        var text = new StringBuilder(bundleJson);
        foreach (var (name, version) in secretVersions.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append('\n').Append("secret ").Append(name).Append('=').Append(version);
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
