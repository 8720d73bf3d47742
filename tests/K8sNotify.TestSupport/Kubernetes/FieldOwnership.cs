using System.Globalization;
using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// Server-side apply field ownership, kept in <c>metadata.managedFields</c> (FieldsV1): which manager owns which leaf
/// field, conflicts when an applier would change a field another manager owns, and removal of fields an applier stops
/// applying when nobody else owns them. Lists are atomic (owned and replaced as a whole), unlike the real API server,
/// which merges lists keyed by <c>x-kubernetes-list-map-keys</c>.
/// </summary>
internal static class FieldOwnership
{
    private const char Separator = '\u001f';

    private static readonly HashSet<string> UntrackedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "managedFields", "selfLink"];

    /// <summary>One conflict: another manager owns a field the applier wants to change.</summary>
    public sealed record FieldConflict(string Manager, string ApiVersion, string Field);

    /// <summary>
    /// Applies <paramref name="applied"/> (already scoped to the main resource or to status) for <paramref name="manager"/>
    /// onto <paramref name="live"/>; returns the merged object, or the conflicts when <paramref name="force"/> is false.
    /// </summary>
    public static (JsonObject? Merged, IReadOnlyList<FieldConflict> Conflicts) Apply(
        JsonObject live, JsonObject applied, string manager, string? subresource, bool force, string apiVersion)
    {
        var entries = Read(live);
        var mine = Find(entries, manager, "Apply", subresource, apiVersion);
        var appliedPaths = Leaves(applied).Select(Key).ToHashSet(StringComparer.Ordinal);
        var conflicts = new List<FieldConflict>();
        foreach (var path in appliedPaths)
        {
            foreach (var other in entries.Where(e => !ReferenceEquals(e, mine)))
            {
                foreach (var owned in other.Paths.Where(o => Related(o, path)).ToList())
                {
                    var shorter = owned.Length <= path.Length ? owned : path;
                    if (JsonNode.DeepEquals(At(live, shorter), At(applied, shorter)))
                    {
                        continue;
                    }

                    if (force)
                    {
                        other.Paths.Remove(owned);
                    }
                    else
                    {
                        conflicts.Add(new FieldConflict(other.Manager, other.ApiVersion, Display(owned)));
                    }
                }
            }
        }

        if (conflicts.Count > 0)
        {
            return (null, conflicts);
        }

        var merged = (JsonObject)live.DeepClone();
        foreach (var dropped in mine.Paths.Where(p => !appliedPaths.Contains(p)))
        {
            if (!entries.Any(e => !ReferenceEquals(e, mine) && e.Paths.Any(o => Related(o, dropped))))
            {
                RemoveAt(merged, dropped);
            }
        }

        merged = (JsonObject)MergeApplied(merged, applied);
        mine.Paths.Clear();
        mine.Paths.UnionWith(appliedPaths);
        mine.Time = Now();
        Write(merged, entries);
        return (merged, []);
    }

    /// <summary>Gives <paramref name="manager"/> (operation Update) the fields that differ between the two versions.</summary>
    public static void RecordUpdate(JsonObject? before, JsonObject after, string manager, string? subresource, string apiVersion, bool statusIsSeparate)
    {
        var entries = before is null ? [] : Read(before);
        var oldLeaves = before is null ? [] : Leaves(Scope(before, subresource, statusIsSeparate)).Select(Key).ToHashSet(StringComparer.Ordinal);
        var newLeaves = Leaves(Scope(after, subresource, statusIsSeparate)).Select(Key).ToHashSet(StringComparer.Ordinal);
        var changed = newLeaves.Where(p => before is null || !JsonNode.DeepEquals(At(before, p), At(after, p))).ToList();
        var removed = oldLeaves.Where(p => !newLeaves.Contains(p)).ToList();
        foreach (var entry in entries)
        {
            entry.Paths.RemoveWhere(owned => changed.Concat(removed).Any(p => Related(owned, p)) && !(entry.Manager == manager && entry.Operation == "Update"));
        }

        if (changed.Count > 0)
        {
            var mine = Find(entries, manager, "Update", subresource, apiVersion);
            mine.Paths.UnionWith(changed);
            mine.Time = Now();
        }

        Write(after, entries);
    }

    /// <summary>Builds the 409 message and causes of a failed apply.</summary>
    public static ApiResult ConflictResult(FakeResource resource, string name, IReadOnlyList<FieldConflict> conflicts)
    {
        var causes = new JsonArray();
        foreach (var conflict in conflicts)
        {
            causes.Add(new JsonObject
            {
                ["reason"] = "FieldManagerConflict",
                ["message"] = $"conflict with \"{conflict.Manager}\" using {conflict.ApiVersion}",
                ["field"] = conflict.Field,
            });
        }

        var lines = conflicts.Select(c => $"conflict with \"{c.Manager}\" using {c.ApiVersion}: {c.Field}");
        var message = $"Apply failed with {conflicts.Count} conflict{(conflicts.Count == 1 ? string.Empty : "s")}: {string.Join("; ", lines)}";
        var details = new JsonObject { ["name"] = name, ["group"] = resource.Group, ["kind"] = resource.Plural, ["causes"] = causes };
        return ApiResult.Fail(System.Net.HttpStatusCode.Conflict, "Conflict", message, details);
    }

    private static JsonObject Scope(JsonObject obj, string? subresource, bool statusIsSeparate)
    {
        var copy = (JsonObject)obj.DeepClone();
        if (subresource == "status")
        {
            return new JsonObject { ["status"] = copy["status"]?.DeepClone() };
        }

        if (statusIsSeparate)
        {
            copy.Remove("status");
        }

        return copy;
    }

    private static IEnumerable<string[]> Leaves(JsonObject obj)
    {
        foreach (var (name, value) in obj)
        {
            if (name is "apiVersion" or "kind")
            {
                continue;
            }

            if (name == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, fieldValue) in metadata)
                {
                    if (!UntrackedMetadata.Contains(field) && fieldValue is not null)
                    {
                        foreach (var leaf in Leaves(fieldValue, ["metadata", field]))
                        {
                            yield return leaf;
                        }
                    }
                }

                continue;
            }

            if (value is not null)
            {
                foreach (var leaf in Leaves(value, [name]))
                {
                    yield return leaf;
                }
            }
        }
    }

    private static IEnumerable<string[]> Leaves(JsonNode node, string[] prefix)
    {
        if (node is JsonObject obj && obj.Count > 0)
        {
            foreach (var (name, value) in obj)
            {
                if (value is not null)
                {
                    foreach (var leaf in Leaves(value, [.. prefix, name]))
                    {
                        yield return leaf;
                    }
                }
            }
        }
        else
        {
            yield return prefix;
        }
    }

    private static string Key(string[] path) => string.Join(Separator, path);

    private static string[] Segments(string key) => key.Split(Separator);

    private static string Display(string key) => "." + string.Join('.', Segments(key));

    private static bool Related(string a, string b) =>
        a == b || a.StartsWith(b + Separator, StringComparison.Ordinal) || b.StartsWith(a + Separator, StringComparison.Ordinal);

    private static JsonNode? At(JsonNode? node, string key)
    {
        foreach (var segment in Segments(key))
        {
            node = node is JsonObject obj ? obj[segment] : null;
        }

        return node;
    }

    private static void RemoveAt(JsonObject root, string key)
    {
        var segments = Segments(key);
        JsonNode? parent = root;
        foreach (var segment in segments[..^1])
        {
            parent = parent is JsonObject obj ? obj[segment] : null;
        }

        (parent as JsonObject)?.Remove(segments[^1]);
    }

    private static JsonNode MergeApplied(JsonNode? live, JsonNode applied)
    {
        if (applied is not JsonObject appliedObject || live is not JsonObject liveObject)
        {
            return applied.DeepClone();
        }

        foreach (var (name, value) in appliedObject)
        {
            if (value is null)
            {
                liveObject.Remove(name);
            }
            else
            {
                liveObject[name] = MergeApplied(liveObject[name]?.DeepClone(), value);
            }
        }

        return liveObject;
    }

    private static ManagerEntry Find(List<ManagerEntry> entries, string manager, string operation, string? subresource, string apiVersion)
    {
        var entry = entries.FirstOrDefault(e => e.Manager == manager && e.Operation == operation && e.Subresource == subresource);
        if (entry is null)
        {
            entry = new ManagerEntry(manager, operation, subresource, apiVersion, []) { Time = Now() };
            entries.Add(entry);
        }

        return entry;
    }

    private static List<ManagerEntry> Read(JsonObject obj)
    {
        var entries = new List<ManagerEntry>();
        if (obj["metadata"]?["managedFields"] is not JsonArray managed)
        {
            return entries;
        }

        foreach (var item in managed.OfType<JsonObject>())
        {
            var paths = new HashSet<string>(StringComparer.Ordinal);
            if (item["fieldsV1"] is JsonObject fields)
            {
                CollectFields(fields, [], paths);
            }

            entries.Add(new ManagerEntry(
                item["manager"]?.GetValue<string>() ?? string.Empty,
                item["operation"]?.GetValue<string>() ?? "Update",
                item["subresource"]?.GetValue<string>(),
                item["apiVersion"]?.GetValue<string>() ?? string.Empty,
                paths)
            { Time = item["time"]?.GetValue<string>() ?? Now() });
        }

        return entries;
    }

    private static void CollectFields(JsonObject fields, string[] prefix, HashSet<string> paths)
    {
        foreach (var (name, value) in fields)
        {
            if (!name.StartsWith("f:", StringComparison.Ordinal))
            {
                continue;
            }

            string[] path = [.. prefix, name[2..]];
            if (value is JsonObject { Count: > 0 } child)
            {
                CollectFields(child, path, paths);
            }
            else
            {
                paths.Add(Key(path));
            }
        }
    }

    private static void Write(JsonObject obj, List<ManagerEntry> entries)
    {
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        var managed = new JsonArray();
        foreach (var entry in entries.Where(e => e.Paths.Count > 0))
        {
            var fields = new JsonObject();
            foreach (var path in entry.Paths.Order(StringComparer.Ordinal))
            {
                var node = fields;
                foreach (var segment in Segments(path))
                {
                    node = node["f:" + segment] as JsonObject ?? (JsonObject)(node["f:" + segment] = new JsonObject());
                }
            }

            var item = new JsonObject
            {
                ["manager"] = entry.Manager,
                ["operation"] = entry.Operation,
                ["apiVersion"] = entry.ApiVersion,
                ["time"] = entry.Time,
                ["fieldsType"] = "FieldsV1",
                ["fieldsV1"] = fields,
            };
            if (entry.Subresource is not null)
            {
                item["subresource"] = entry.Subresource;
            }

            managed.Add(item);
        }

        if (managed.Count > 0)
        {
            metadata["managedFields"] = managed;
        }
        else
        {
            metadata.Remove("managedFields");
        }
    }

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private sealed record ManagerEntry(string Manager, string Operation, string? Subresource, string ApiVersion, HashSet<string> Paths)
    {
        public string Time { get; set; } = string.Empty;
    }
}
