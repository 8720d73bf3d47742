using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// The fake API server's storage and write semantics, under one lock: resource types, objects with resourceVersions and
/// generations, the event history watches replay, field ownership, schema validation of custom resources, finalizers,
/// ownerReference garbage collection and CustomResourceDefinitions that start serving their group when stored.
/// </summary>
internal sealed class ObjectStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<(string Group, string Plural), FakeResource> _resources = [];
    private readonly Dictionary<StoreKey, JsonObject> _objects = [];
    private readonly List<StoredEvent> _events = [];
    private readonly List<WatchStream> _watches = [];
    private long _resourceVersion = 1;
    private long _compactedThrough;
    private bool _dryRun;

    public ObjectStore(IEnumerable<FakeResource> resources)
    {
        foreach (var resource in resources)
        {
            _resources[(resource.Group, resource.Plural)] = resource;
        }
    }

    public Lock Gate => _gate;

    public long ResourceVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public void Register(FakeResource resource)
    {
        lock (_gate)
        {
            _resources[(resource.Group, resource.Plural)] = resource;
        }
    }

    public IReadOnlyList<FakeResource> Resources()
    {
        lock (_gate)
        {
            return [.. _resources.Values];
        }
    }

    public FakeResource? Resource(string group, string plural)
    {
        lock (_gate)
        {
            return _resources.GetValueOrDefault((group, plural));
        }
    }

    public JsonObject? Find(StoreKey key)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(key, out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    public IReadOnlyList<(StoreKey Key, JsonObject Object)> All(string group, string plural, string? ns)
    {
        lock (_gate)
        {
            return [.. _objects.Where(p => p.Key.Group == group && p.Key.Plural == plural && (ns is null || p.Key.Namespace == ns))
                .OrderBy(p => p.Key.Namespace, StringComparer.Ordinal).ThenBy(p => p.Key.Name, StringComparer.Ordinal)
                .Select(p => (p.Key, (JsonObject)p.Value.DeepClone()))];
        }
    }

    public static StoreKey KeyOf(FakeResource resource, string? ns, string name) =>
        new(resource.Group, resource.Plural, resource.Namespaced ? ns ?? "default" : string.Empty, name);

    /// <summary>Runs <paramref name="operation"/> and, for a dry run, rolls every change back and tells no watch.</summary>
    public ApiResult Write(bool dryRun, Func<ApiResult> operation)
    {
        lock (_gate)
        {
            if (!dryRun)
            {
                return operation();
            }

            var objects = new Dictionary<StoreKey, JsonObject>(_objects);
            var (version, eventCount) = (_resourceVersion, _events.Count);
            _dryRun = true;
            try
            {
                return operation();
            }
            finally
            {
                _dryRun = false;
                _objects.Clear();
                foreach (var (key, value) in objects)
                {
                    _objects[key] = value;
                }

                _resourceVersion = version;
                _events.RemoveRange(eventCount, _events.Count - eventCount);
            }
        }
    }

    public JsonObject List(FakeResource resource, string? ns, Selector labels, Selector fields)
    {
        lock (_gate)
        {
            var items = new JsonArray();
            foreach (var (_, obj) in All(resource.Group, resource.Plural, ns))
            {
                if (labels.Matches(obj) && fields.Matches(obj))
                {
                    items.Add(obj);
                }
            }

            return new JsonObject
            {
                ["apiVersion"] = resource.ApiVersion,
                ["kind"] = resource.Kind + "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = Version(_resourceVersion) },
                ["items"] = items,
            };
        }
    }

    public ApiResult Get(FakeResource resource, string? ns, string name)
    {
        lock (_gate)
        {
            return _objects.TryGetValue(KeyOf(resource, ns, name), out var obj) ? ApiResult.Ok(obj) : ApiResult.NotFound(resource, name);
        }
    }

    public ApiResult Create(FakeResource resource, string? ns, JsonObject body, string manager)
    {
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        var name = metadata["name"]?.GetValue<string>();
        if (string.IsNullOrEmpty(name) && metadata["generateName"]?.GetValue<string>() is { Length: > 0 } prefix)
        {
            name = prefix + Guid.NewGuid().ToString("N")[..5];
            metadata["name"] = name;
        }

        if (string.IsNullOrEmpty(name))
        {
            return ApiResult.Invalid(resource, string.Empty, ["metadata.name: Required value: name or generateName is required"]);
        }

        lock (_gate)
        {
            var key = KeyOf(resource, ns ?? metadata["namespace"]?.GetValue<string>(), name);
            if (_objects.ContainsKey(key))
            {
                return ApiResult.AlreadyExists(resource, name);
            }

            var candidate = Prepare(resource, key, body, existing: null, statusFromBody: false);
            FieldOwnership.RecordUpdate(null, candidate, manager, null, resource.ApiVersion, resource.HasStatus);
            return Admit(resource, key, candidate) ?? ApiResult.Ok(Commit(resource, key, null, candidate), HttpStatusCode.Created);
        }
    }

    public ApiResult Update(FakeResource resource, string? ns, string name, string? subresource, JsonObject body, string manager)
    {
        lock (_gate)
        {
            var key = KeyOf(resource, ns, name);
            if (!_objects.TryGetValue(key, out var existing))
            {
                return ApiResult.NotFound(resource, name);
            }

            if (Stale(body, existing))
            {
                return ApiResult.Conflict(resource, name);
            }

            var candidate = subresource == "status"
                ? WithStatus(existing, body["status"])
                : Prepare(resource, key, body, existing, statusFromBody: false);
            return Finish(resource, key, existing, candidate, manager, subresource);
        }
    }

    public ApiResult Patch(FakeResource resource, string? ns, string name, string? subresource, string mediaType, JsonNode? patch, string manager, bool force)
    {
        lock (_gate)
        {
            var key = KeyOf(resource, ns, name);
            _objects.TryGetValue(key, out var existing);
            if (mediaType == "application/apply-patch+yaml")
            {
                return patch is JsonObject applied
                    ? Apply(resource, key, existing, applied, manager, subresource, force)
                    : ApiResult.BadRequest("apply patch must be an object");
            }

            if (existing is null)
            {
                return ApiResult.NotFound(resource, name);
            }

            JsonObject patched;
            try
            {
                patched = mediaType switch
                {
                    "application/json-patch+json" when patch is JsonArray ops => JsonPatching.ApplyJsonPatch(existing.DeepClone(), ops).AsObject(),
                    "application/merge-patch+json" or "application/strategic-merge-patch+json" => JsonPatching.MergePatch(existing.DeepClone(), patch)!.AsObject(),
                    _ => throw new NotSupportedException($"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, application/strategic-merge-patch+json (got {mediaType})"),
                };
            }
            catch (InvalidOperationException ex)
            {
                return ApiResult.Fail(HttpStatusCode.UnprocessableEntity, "Invalid", ex.Message);
            }
            catch (NotSupportedException ex)
            {
                return ApiResult.Fail(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", ex.Message);
            }

            if (patch is JsonObject && Stale(patch.AsObject(), existing))
            {
                return ApiResult.Conflict(resource, name);
            }

            var candidate = subresource == "status"
                ? WithStatus(existing, patched["status"])
                : Prepare(resource, key, patched, existing, statusFromBody: false);
            return Finish(resource, key, existing, candidate, manager, subresource);
        }
    }

    public ApiResult Delete(FakeResource resource, string? ns, string name, string propagation, string? expectedVersion)
    {
        lock (_gate)
        {
            var key = KeyOf(resource, ns, name);
            if (!_objects.TryGetValue(key, out var existing))
            {
                return ApiResult.NotFound(resource, name);
            }

            if (!string.IsNullOrEmpty(expectedVersion) && expectedVersion != existing["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return ApiResult.Conflict(resource, name);
            }

            return ApiResult.Ok(Remove(resource, key, existing, propagation));
        }
    }

    /// <summary>A direct write, as another controller would make it: no conflict check, no validation, status kept.</summary>
    public JsonObject Put(FakeResource resource, StoreKey key, JsonObject obj)
    {
        lock (_gate)
        {
            _objects.TryGetValue(key, out var existing);
            var candidate = Prepare(resource, key, obj, existing, statusFromBody: true);
            return Commit(resource, key, existing, candidate);
        }
    }

    public bool DeleteDirect(FakeResource resource, StoreKey key)
    {
        lock (_gate)
        {
            if (!_objects.TryGetValue(key, out var existing))
            {
                return false;
            }

            Remove(resource, key, existing, "Background");
            return true;
        }
    }

    public void AddWatch(WatchStream watch, string? fromVersion)
    {
        lock (_gate)
        {
            if (long.TryParse(fromVersion, NumberStyles.None, CultureInfo.InvariantCulture, out var since) && since > 0)
            {
                if (since < _compactedThrough)
                {
                    watch.Send("ERROR", ApiResult.Status(HttpStatusCode.Gone, "Expired", $"too old resource version: {since} ({_compactedThrough})"));
                    watch.Complete();
                }
                else
                {
                    foreach (var e in _events.Where(e => e.ResourceVersion > since && watch.Matches(e.Key, e.Object)))
                    {
                        watch.Send(e.Type, e.Object);
                    }
                }
            }
            else
            {
                // No (or "0") resourceVersion: synthetic ADDED events for the current state, then changes.
                foreach (var (key, obj) in _objects.Where(pair => watch.Matches(pair.Key, pair.Value)))
                {
                    watch.Send("ADDED", obj);
                }
            }

            _watches.Add(watch);
        }
    }

    public void RemoveWatch(WatchStream watch)
    {
        lock (_gate)
        {
            _watches.Remove(watch);
        }
    }

    public IReadOnlyList<WatchStream> Watches()
    {
        lock (_gate)
        {
            return [.. _watches];
        }
    }

    public void Compact()
    {
        lock (_gate)
        {
            _compactedThrough = _resourceVersion;
            _events.Clear();
            var gone = ApiResult.Status(HttpStatusCode.Gone, "Expired", "too old resource version");
            foreach (var watch in _watches)
            {
                watch.Send("ERROR", gone);
                watch.Complete();
            }
        }
    }

    public JsonObject Bookmark(FakeResource resource)
    {
        lock (_gate)
        {
            return new JsonObject
            {
                ["apiVersion"] = resource.ApiVersion,
                ["kind"] = resource.Kind,
                ["metadata"] = new JsonObject { ["resourceVersion"] = Version(_resourceVersion) },
            };
        }
    }

    public static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private ApiResult Apply(FakeResource resource, StoreKey key, JsonObject? existing, JsonObject applied, string manager, string? subresource, bool force)
    {
        if (existing is not null && Stale(applied, existing))
        {
            return ApiResult.Conflict(resource, key.Name);
        }

        var status = subresource == "status";
        if (existing is null && status)
        {
            return ApiResult.NotFound(resource, key.Name);
        }

        // What a manager applies to the main resource never includes status (and vice versa), like the API server.
        var scoped = (JsonObject)applied.DeepClone();
        if (resource.HasStatus)
        {
            scoped = status ? new JsonObject { ["status"] = scoped["status"]?.DeepClone() } : Without(scoped, "status");
        }

        scoped.Remove("apiVersion");
        scoped.Remove("kind");
        if (scoped["metadata"] is JsonObject appliedMetadata)
        {
            foreach (var system in new[] { "name", "namespace", "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields", "deletionTimestamp" })
            {
                appliedMetadata.Remove(system);
            }
        }

        var live = existing ?? new JsonObject { ["metadata"] = new JsonObject { ["name"] = key.Name } };
        var (merged, conflicts) = FieldOwnership.Apply(live, scoped, manager, subresource, force, resource.ApiVersion);
        if (merged is null)
        {
            return FieldOwnership.ConflictResult(resource, key.Name, conflicts);
        }

        var candidate = status ? WithStatus(existing!, merged["status"], merged["metadata"]?["managedFields"]) : Prepare(resource, key, merged, existing, statusFromBody: false);
        if (Admit(resource, key, candidate) is { } refused)
        {
            return refused;
        }

        return ApiResult.Ok(Commit(resource, key, existing, candidate), existing is null ? HttpStatusCode.Created : HttpStatusCode.OK);
    }

    private ApiResult Finish(FakeResource resource, StoreKey key, JsonObject existing, JsonObject candidate, string manager, string? subresource)
    {
        FieldOwnership.RecordUpdate(existing, candidate, manager, subresource, resource.ApiVersion, resource.HasStatus);
        return Admit(resource, key, candidate) ?? ApiResult.Ok(Commit(resource, key, existing, candidate));
    }

    // Builds the object to store from a client's body: identity and system metadata from the server, status handling per subresource rules.
    private static JsonObject Prepare(FakeResource resource, StoreKey key, JsonObject body, JsonObject? existing, bool statusFromBody)
    {
        var obj = (JsonObject)body.DeepClone();
        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
        if (resource.HasStatus && !statusFromBody)
        {
            // The main resource ignores status: it keeps what the status subresource last wrote.
            obj.Remove("status");
            if (existing?["status"] is { } status)
            {
                obj["status"] = status.DeepClone();
            }
        }

        BuiltInDefaults.Apply(resource, obj, existing);
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        metadata["name"] = key.Name;
        if (resource.Namespaced)
        {
            metadata["namespace"] = key.Namespace;
        }
        else
        {
            metadata.Remove("namespace");
        }

        if (existing is null)
        {
            metadata["uid"] = Guid.NewGuid().ToString();
            metadata["creationTimestamp"] = Now();
            metadata["generation"] = 1L;
            metadata.Remove("deletionTimestamp");
            return obj;
        }

        var before = existing["metadata"]!.AsObject();
        foreach (var system in new[] { "uid", "creationTimestamp", "deletionTimestamp", "generation" })
        {
            metadata.Remove(system);
            if (before[system] is { } value)
            {
                metadata[system] = value.DeepClone();
            }
        }

        if (metadata["managedFields"] is null && before["managedFields"] is { } managed)
        {
            metadata["managedFields"] = managed.DeepClone();
        }

        return obj;
    }

    private static JsonObject WithStatus(JsonObject existing, JsonNode? status, JsonNode? managedFields = null)
    {
        var obj = (JsonObject)existing.DeepClone();
        obj.Remove("status");
        if (status is not null)
        {
            obj["status"] = status.DeepClone();
        }

        if (managedFields is not null)
        {
            obj["metadata"]!["managedFields"] = managedFields.DeepClone();
        }

        return obj;
    }

    // Custom resources are defaulted and validated against their CRD schema; definitions must be usable before they are stored.
    private ApiResult? Admit(FakeResource resource, StoreKey key, JsonObject candidate)
    {
        if (resource.Validator is { } validator)
        {
            validator.ApplyDefaults(candidate);
            var errors = validator.Validate(candidate);
            if (errors.Count > 0)
            {
                return ApiResult.Invalid(resource, key.Name, errors);
            }
        }

        if (resource.Group == CustomResourceDefinitions.Group && resource.Plural == CustomResourceDefinitions.Plural)
        {
            try
            {
                _ = CustomResourceDefinitions.Resources(candidate);
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException)
            {
                return ApiResult.Invalid(resource, key.Name, [e.Message]);
            }
        }

        return null;
    }

    private JsonObject Commit(FakeResource resource, StoreKey key, JsonObject? existing, JsonObject candidate)
    {
        var metadata = candidate["metadata"]!.AsObject();
        if (existing is not null)
        {
            if (!JsonNode.DeepEquals(Spec(existing), Spec(candidate)))
            {
                metadata["generation"] = ReadLong(existing["metadata"]!["generation"], 1) + 1;
            }

            if (JsonNode.DeepEquals(WithoutVersion(existing), WithoutVersion(candidate)))
            {
                // A no-op write: the API server keeps the resourceVersion and sends no event.
                return existing;
            }
        }

        metadata["resourceVersion"] = NextVersion();
        _objects[key] = candidate;
        Record(existing is null ? "ADDED" : "MODIFIED", key, candidate);
        if (IsDefinition(resource))
        {
            candidate = Establish(key, candidate);
        }

        if (existing is null && OwnerUids(candidate).Any() && OwnerUids(candidate).All(owner => !Exists(owner)))
        {
            // The garbage collector deletes a dependent whose owners are all gone, also one created after they went.
            return Remove(resource, key, candidate, "Background");
        }

        return FinalizeIfDeleting(resource, key, candidate);
    }

    private JsonObject Establish(StoreKey key, JsonObject crd)
    {
        if (!_dryRun)
        {
            foreach (var served in CustomResourceDefinitions.Resources(crd))
            {
                _resources[(served.Group, served.Plural)] = served;
            }
        }

        var status = CustomResourceDefinitions.EstablishedStatus(crd, crd["status"]?["conditions"]?[0]?["lastTransitionTime"]?.GetValue<string>() ?? Now());
        if (JsonNode.DeepEquals(status, crd["status"]))
        {
            return crd;
        }

        var established = WithStatus(crd, status);
        established["metadata"]!["resourceVersion"] = NextVersion();
        _objects[key] = established;
        Record("MODIFIED", key, established);
        return established;
    }

    private JsonObject Remove(FakeResource resource, StoreKey key, JsonObject existing, string propagation)
    {
        var metadata = existing["metadata"]!.AsObject();
        if (metadata["finalizers"] is JsonArray { Count: > 0 })
        {
            if (metadata["deletionTimestamp"] is not null)
            {
                return existing;
            }

            var marked = (JsonObject)existing.DeepClone();
            marked["metadata"]!["deletionTimestamp"] = Now();
            marked["metadata"]!["deletionGracePeriodSeconds"] = 0;
            marked["metadata"]!["resourceVersion"] = NextVersion();
            _objects[key] = marked;
            Record("MODIFIED", key, marked);
            return marked;
        }

        var removed = (JsonObject)existing.DeepClone();
        removed["metadata"]!["resourceVersion"] = NextVersion();
        _objects.Remove(key);
        Record("DELETED", key, removed);
        CollectGarbage(resource, key, removed, propagation);
        return removed;
    }

    // The garbage collector, run at once: dependents whose owners are all gone are deleted (or orphaned on request),
    // a namespace takes its objects along, and a CustomResourceDefinition takes its resources and their objects.
    private void CollectGarbage(FakeResource resource, StoreKey key, JsonObject removed, string propagation)
    {
        var uid = removed["metadata"]?["uid"]?.GetValue<string>();
        foreach (var (dependentKey, dependent) in _objects.Where(p => OwnerUids(p.Value).Contains(uid)).ToList())
        {
            if (!_objects.ContainsKey(dependentKey))
            {
                continue;
            }

            var dependentResource = _resources.GetValueOrDefault((dependentKey.Group, dependentKey.Plural));
            if (propagation == "Orphan")
            {
                var orphaned = (JsonObject)dependent.DeepClone();
                var references = orphaned["metadata"]!["ownerReferences"]!.AsArray();
                foreach (var reference in references.Where(r => r?["uid"]?.GetValue<string>() == uid).ToList())
                {
                    references.Remove(reference);
                }

                orphaned["metadata"]!["resourceVersion"] = NextVersion();
                _objects[dependentKey] = orphaned;
                Record("MODIFIED", dependentKey, orphaned);
            }
            else if (dependentResource is not null && !OwnerUids(dependent).Any(owner => owner != uid && Exists(owner)))
            {
                Remove(dependentResource, dependentKey, dependent, "Background");
            }
        }

        if (resource.Group.Length == 0 && resource.Plural == "namespaces")
        {
            foreach (var (inside, obj) in _objects.Where(p => p.Key.Namespace == key.Name).ToList())
            {
                if (_objects.ContainsKey(inside) && _resources.GetValueOrDefault((inside.Group, inside.Plural)) is { } insideResource)
                {
                    Remove(insideResource, inside, obj, "Background");
                }
            }
        }

        if (IsDefinition(resource) && !_dryRun)
        {
            foreach (var served in _resources.Values.Where(r => r.DefinedBy == key.Name).ToList())
            {
                foreach (var (instance, _) in _objects.Where(p => p.Key.Group == served.Group && p.Key.Plural == served.Plural).ToList())
                {
                    _objects.Remove(instance);
                }

                _resources.Remove((served.Group, served.Plural));
            }
        }
    }

    private bool Exists(string? uid) => _objects.Values.Any(o => o["metadata"]?["uid"]?.GetValue<string>() == uid);

    private static IEnumerable<string?> OwnerUids(JsonObject obj) =>
        (obj["metadata"]?["ownerReferences"] as JsonArray ?? []).Select(r => r?["uid"]?.GetValue<string>());

    private JsonObject FinalizeIfDeleting(FakeResource resource, StoreKey key, JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        return metadata["deletionTimestamp"] is not null && metadata["finalizers"] is not JsonArray { Count: > 0 }
            ? Remove(resource, key, obj, "Background")
            : obj;
    }

    private void Record(string type, StoreKey key, JsonObject obj)
    {
        var snapshot = (JsonObject)obj.DeepClone();
        var version = long.Parse(snapshot["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        _events.Add(new StoredEvent(version, type, key, snapshot));
        if (_dryRun)
        {
            return;
        }

        foreach (var watch in _watches.Where(w => w.Matches(key, snapshot)))
        {
            watch.Send(type, snapshot);
        }
    }

    private static bool IsDefinition(FakeResource resource) =>
        resource.Group == CustomResourceDefinitions.Group && resource.Plural == CustomResourceDefinitions.Plural;

    private static bool Stale(JsonObject body, JsonObject existing)
    {
        var expected = body["metadata"]?["resourceVersion"]?.GetValue<string>();
        return !string.IsNullOrEmpty(expected) && expected != existing["metadata"]!["resourceVersion"]!.GetValue<string>();
    }

    private static JsonObject Without(JsonObject obj, string name)
    {
        obj.Remove(name);
        return obj;
    }

    private static long ReadLong(JsonNode? node, long fallback) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    private string NextVersion() => Version(++_resourceVersion);

    private static string Version(long version) => version.ToString(CultureInfo.InvariantCulture);

    private static JsonObject Spec(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy.Remove("metadata");
        copy.Remove("status");
        return copy;
    }

    private static JsonObject WithoutVersion(JsonObject obj)
    {
        var copy = (JsonObject)obj.DeepClone();
        copy["metadata"]!.AsObject().Remove("resourceVersion");
        copy["metadata"]!.AsObject().Remove("managedFields");
        return copy;
    }

    private sealed record StoredEvent(long ResourceVersion, string Type, StoreKey Key, JsonObject Object);
}
