using System.Text;
using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// The few built-in conversions and defaults clients rely on: a Secret's <c>stringData</c> is merged into base64
/// <c>data</c>, workloads get one replica, Services get type ClusterIP and an address. Nothing else is defaulted.
/// </summary>
internal static class BuiltInDefaults
{
    private static int _nextServiceAddress;

    public static void Apply(FakeResource resource, JsonObject obj, JsonObject? existing)
    {
        switch (resource.Group, resource.Plural)
        {
            case ("", "secrets"):
                MergeStringData(obj);
                break;
            case ("apps", "deployments" or "replicasets" or "statefulsets"):
                if (obj["spec"] is JsonObject workload && workload["replicas"] is null)
                {
                    workload["replicas"] = 1;
                }

                break;
            case ("", "services"):
                if (obj["spec"] is JsonObject service)
                {
                    service["type"] ??= "ClusterIP";
                    if (service["clusterIP"] is null && service["type"]!.GetValue<string>() != "ExternalName")
                    {
                        service["clusterIP"] = existing?["spec"]?["clusterIP"]?.DeepClone() ?? NextServiceAddress();
                    }
                }

                break;
        }
    }

    private static void MergeStringData(JsonObject secret)
    {
        if (secret["stringData"] is not JsonObject stringData)
        {
            return;
        }

        var data = secret["data"] as JsonObject ?? [];
        secret["data"] = data;
        foreach (var (key, value) in stringData)
        {
            data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value?.GetValue<string>() ?? string.Empty));
        }

        secret.Remove("stringData");
    }

    private static string NextServiceAddress()
    {
        var n = Interlocked.Increment(ref _nextServiceAddress);
        return $"10.96.{(n / 250) % 250}.{(n % 250) + 1}";
    }
}
