using System.Text.Json.Nodes;

namespace K8sNotify.Dispatcher.Recipients.Preferences;

/// <summary>JSON merge patch (RFC 7396): objects merge member by member, null removes a member, anything else replaces it.</summary>
public static class MergePatch
{
    public static void Apply(JsonObject target, JsonObject patch)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(patch);
        foreach (var (name, value) in patch.ToList())
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject patchObject && target[name] is JsonObject targetObject)
            {
                Apply(targetObject, patchObject);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }
    }
}
