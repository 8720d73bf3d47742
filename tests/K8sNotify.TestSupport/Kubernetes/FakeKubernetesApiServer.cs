using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sNotify.Api.Manifests;
using K8sNotify.Api.V1Alpha1;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// A test double of the Kubernetes API server: a real Kestrel HTTP server on loopback that KubernetesClient talks to,
/// holding objects as JSON in memory. It implements what the operator's tests need — get/list/watch with
/// resourceVersions and bookmarks, create/update with 409 on stale versions, delete honouring finalizers,
/// merge/JSON patch, an approximation of server-side apply, the status subresource, discovery — plus fault injection
/// (injected errors, dropped watches, 410 Gone). It is not a conformant API server: no admission, no validation
/// against schemas, no garbage collector, no field-ownership conflicts, lists in applied configurations replace.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private static readonly JsonSerializerOptions CompactJson = new() { WriteIndented = false };

    private readonly Lock gate = new();
    private readonly Dictionary<(string Group, string Plural), FakeResource> resources = [];
    private readonly Dictionary<StoreKey, JsonObject> objects = [];
    private readonly Dictionary<(StoreKey Key, string Manager), JsonObject> appliedConfigurations = [];
    private readonly List<StoredEvent> events = [];
    private readonly List<Watch> watches = [];
    private readonly List<Fault> faults = [];
    private readonly List<FakeRequest> requests = [];
    private readonly WebApplication app;
    private long resourceVersion = 1;
    private long compactedThrough;

    private FakeKubernetesApiServer(WebApplication app)
    {
        this.app = app;
        foreach (var resource in DefaultResources())
        {
            RegisterResource(resource);
        }
    }

    /// <summary>The address to put into <see cref="KubernetesClientConfiguration.Host"/>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The latest resourceVersion the server has handed out.</summary>
    public long CurrentResourceVersion
    {
        get
        {
            lock (gate)
            {
                return resourceVersion;
            }
        }
    }

    /// <summary>How often open watches that asked for bookmarks get one (also sent on <see cref="SendBookmarks"/>).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<FakeKubernetesApiServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        var server = new FakeKubernetesApiServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseAddress = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal));
        return server;
    }

    /// <summary>A client configuration pointing at this server; <paramref name="userAgent"/> tells clients apart in <see cref="FakeRequest.UserAgent"/>.</summary>
    public KubernetesClientConfiguration ClientConfiguration(string? userAgent = null)
    {
        var configuration = new KubernetesClientConfiguration { Host = BaseAddress.ToString().TrimEnd('/') };
        if (userAgent is not null)
        {
            configuration.UserAgent = userAgent;
        }

        return configuration;
    }

    /// <summary>A new client for this server (dispose it).</summary>
    public IKubernetes CreateClient(string? userAgent = null) => new k8s.Kubernetes(ClientConfiguration(userAgent));

    /// <summary>Serves a resource type (for example a CRD such as <c>monitoring.coreos.com/v1 servicemonitors</c>); discovery lists it from then on.</summary>
    public void RegisterResource(FakeResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        lock (gate)
        {
            resources[(resource.Group, resource.Plural)] = resource;
        }
    }

    /// <summary>Registers the prometheus-operator kinds ServiceMonitor and PrometheusRule (monitoring.coreos.com/v1).</summary>
    public void RegisterPrometheusOperatorResources()
    {
        RegisterResource(new FakeResource("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", HasStatus: false));
        RegisterResource(new FakeResource("monitoring.coreos.com", "v1", "prometheusrules", "PrometheusRule", HasStatus: false));
    }

    /// <summary>The next <paramref name="count"/> requests matching <paramref name="predicate"/> fail with <paramref name="statusCode"/> (a Status body).</summary>
    public void FailNext(int count, Func<FakeRequest, bool> predicate, int statusCode = 500)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (gate)
        {
            faults.Add(new Fault(predicate, statusCode) { Remaining = count });
        }
    }

    /// <summary>Cancels every fault injected with <see cref="FailNext"/> that has not fired yet.</summary>
    public void ClearFaults()
    {
        lock (gate)
        {
            faults.Clear();
        }
    }

    /// <summary>Aborts every open watch connection (the client sees a dropped connection, not a clean end).</summary>
    public int DropWatches()
    {
        List<Watch> open;
        lock (gate)
        {
            open = [.. watches];
        }

        foreach (var watch in open)
        {
            watch.Context.Abort();
        }

        return open.Count;
    }

    /// <summary>
    /// Forgets the event history (like etcd compaction): watches from any resourceVersion before now get 410 Gone; open
    /// watches receive an ERROR event with code 410 and are closed, so informers must relist.
    /// </summary>
    public void ExpireWatches()
    {
        lock (gate)
        {
            compactedThrough = resourceVersion;
            events.Clear();
            var gone = StatusJson(HttpStatusCode.Gone, "Expired", "too old resource version");
            foreach (var watch in watches)
            {
                watch.Lines.Writer.TryWrite(EventLine("ERROR", gone));
                watch.Lines.Writer.TryComplete();
            }
        }
    }

    /// <summary>Sends a BOOKMARK with the current resourceVersion to every open watch that allowed bookmarks.</summary>
    public void SendBookmarks()
    {
        lock (gate)
        {
            foreach (var watch in watches.Where(w => w.Bookmarks))
            {
                watch.Lines.Writer.TryWrite(BookmarkLine(watch.Resource));
            }
        }
    }

    /// <summary>How many open watches there are, optionally only for <paramref name="plural"/>.</summary>
    public int OpenWatchCount(string? plural = null)
    {
        lock (gate)
        {
            return watches.Count(w => plural is null || w.Resource.Plural == plural);
        }
    }

    /// <summary>The requests received so far, optionally filtered.</summary>
    public IReadOnlyList<FakeRequest> Requests(Func<FakeRequest, bool>? predicate = null)
    {
        lock (gate)
        {
            return requests.Where(r => predicate is null || predicate(r)).ToList();
        }
    }

    /// <summary>How many requests with <paramref name="verb"/> (get, list, watch, create, update, patch, delete) were received, optionally for one resource.</summary>
    public int RequestCount(string verb, string? plural = null) =>
        Requests(r => r.Verb == verb && (plural is null || r.Resource == plural)).Count;

    /// <summary>The stored object, or null.</summary>
    public JsonObject? GetJson(string group, string plural, string? ns, string name)
    {
        lock (gate)
        {
            return objects.TryGetValue(new StoreKey(group, plural, ns ?? string.Empty, name), out var obj) ? (JsonObject)obj.DeepClone() : null;
        }
    }

    /// <summary>The stored object as <typeparamref name="T"/> (resource from its <see cref="KubernetesEntityAttribute"/>), or null.</summary>
    public T? Get<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (group, plural) = ResourceOf<T>();
        var json = GetJson(group, plural, ns, name);
        return json is null ? null : KubernetesJson.Deserialize<T>(json.ToJsonString());
    }

    /// <summary>All stored objects of <typeparamref name="T"/>, optionally in one namespace.</summary>
    public IReadOnlyList<T> List<T>(string? ns = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (group, plural) = ResourceOf<T>();
        lock (gate)
        {
            return objects.Where(pair => pair.Key.Group == group && pair.Key.Plural == plural && (ns is null || pair.Key.Namespace == ns))
                .Select(pair => KubernetesJson.Deserialize<T>(pair.Value.ToJsonString()))
                .ToList();
        }
    }

    /// <summary>
    /// Writes <paramref name="obj"/> directly, as a controller outside the operator would (status included, no conflict
    /// check): creates or replaces it, assigns a new resourceVersion, bumps generation on spec changes, notifies watches.
    /// </summary>
    public T Put<T>(T obj)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(obj);
        var (group, plural) = ResourceOf<T>();
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        lock (gate)
        {
            var resource = resources[(group, plural)];
            var key = new StoreKey(group, plural, resource.Namespaced ? obj.Metadata.NamespaceProperty ?? "default" : string.Empty, obj.Metadata.Name);
            var stored = objects.TryGetValue(key, out var existing)
                ? StoreUpdate(resource, key, existing, json, keepStatus: false)
                : StoreCreate(resource, key, json, keepStatus: true);
            return KubernetesJson.Deserialize<T>(stored.ToJsonString());
        }
    }

    /// <summary>Deletes directly (honouring finalizers like the API does); false when it did not exist.</summary>
    public bool Delete<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (group, plural) = ResourceOf<T>();
        lock (gate)
        {
            var key = new StoreKey(group, plural, ns ?? string.Empty, name);
            if (!objects.TryGetValue(key, out var existing))
            {
                return false;
            }

            StoreDelete(resources[(group, plural)], key, existing);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (gate)
        {
            foreach (var watch in watches)
            {
                watch.Lines.Writer.TryComplete();
            }
        }

        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static IEnumerable<FakeResource> DefaultResources() =>
    [
        new(string.Empty, "v1", "namespaces", "Namespace", Namespaced: false),
        new(string.Empty, "v1", "secrets", "Secret", HasStatus: false),
        new(string.Empty, "v1", "configmaps", "ConfigMap", HasStatus: false),
        new(string.Empty, "v1", "services", "Service"),
        new(string.Empty, "v1", "serviceaccounts", "ServiceAccount", HasStatus: false),
        new(string.Empty, "v1", "events", "Event", HasStatus: false),
        new("apps", "v1", "deployments", "Deployment"),
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler"),
        new("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget"),
        new("coordination.k8s.io", "v1", "leases", "Lease", HasStatus: false),
        new(ApiGroup.Group, ApiGroup.Version, ApiGroup.ChannelPlural, ApiGroup.ChannelKind),
        new(ApiGroup.Group, ApiGroup.Version, ApiGroup.TemplatePlural, ApiGroup.TemplateKind),
        new(ApiGroup.Group, ApiGroup.Version, ApiGroup.ProviderPlural, ApiGroup.ProviderKind),
    ];

    private static (string Group, string Plural) ResourceOf<T>()
    {
        var entity = typeof(T).GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new InvalidOperationException($"{typeof(T).Name} has no [KubernetesEntity] attribute");
        return (entity.Group ?? string.Empty, entity.PluralName);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = request.Path.Value ?? "/";
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var route = Route(segments);
        var query = request.Query;
        var watch = IsTrue(query["watch"]);
        var verb = route is null ? "discovery" : Verb(request.Method, route, watch);
        var fakeRequest = new FakeRequest(verb, request.Method, path, route?.Plural ?? string.Empty, route?.Namespace, route?.Name, route?.Subresource, request.Headers.UserAgent.ToString());

        int? injected;
        lock (gate)
        {
            requests.Add(fakeRequest);
            injected = TakeFault(fakeRequest);
        }

        if (injected is { } code)
        {
            await WriteStatusAsync(context, (HttpStatusCode)code, "InternalError", "injected fault").ConfigureAwait(false);
            return;
        }

        if (route is null)
        {
            await HandleDiscoveryAsync(context, segments).ConfigureAwait(false);
            return;
        }

        FakeResource? resource;
        lock (gate)
        {
            resources.TryGetValue((route.Group, route.Plural), out resource);
        }

        if (resource is null || resource.Version != route.Version || (route.Subresource is not null && !(route.Subresource == "status" && resource.HasStatus)))
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({path})").ConfigureAwait(false);
            return;
        }

        try
        {
            switch (verb)
            {
                case "watch":
                    await WatchAsync(context, resource, route).ConfigureAwait(false);
                    return;
                case "list":
                    await WriteJsonAsync(context, HttpStatusCode.OK, ListJson(resource, route.Namespace, query["labelSelector"])).ConfigureAwait(false);
                    return;
                case "get":
                    await WriteResultAsync(context, Get(resource, route)).ConfigureAwait(false);
                    return;
                case "create":
                    await WriteResultAsync(context, Create(resource, route, await ReadBodyAsync(request).ConfigureAwait(false))).ConfigureAwait(false);
                    return;
                case "update":
                    await WriteResultAsync(context, Update(resource, route, await ReadBodyAsync(request).ConfigureAwait(false))).ConfigureAwait(false);
                    return;
                case "patch":
                    var body = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                    await WriteResultAsync(context, Patch(resource, route, request.ContentType ?? string.Empty, body, query["fieldManager"])).ConfigureAwait(false);
                    return;
                case "delete":
                    await WriteResultAsync(context, DeleteRequest(resource, route)).ConfigureAwait(false);
                    return;
                default:
                    await WriteStatusAsync(context, HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{request.Method} is not supported").ConfigureAwait(false);
                    return;
            }
        }
        catch (JsonException ex)
        {
            await WriteStatusAsync(context, HttpStatusCode.BadRequest, "BadRequest", ex.Message).ConfigureAwait(false);
        }
    }

    private static string Verb(string method, RouteInfo route, bool watch) => method switch
    {
        "GET" when watch => "watch",
        "GET" when route.Name is null => "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    private static RouteInfo? Route(string[] s)
    {
        // /api/v1/... (core) or /apis/{group}/{version}/...
        string group, version;
        int rest;
        if (s.Length >= 3 && s[0] == "api")
        {
            (group, version, rest) = (string.Empty, s[1], 2);
        }
        else if (s.Length >= 4 && s[0] == "apis")
        {
            (group, version, rest) = (s[1], s[2], 3);
        }
        else
        {
            return null;
        }

        var r = s[rest..];
        if (r.Length >= 3 && r[0] == "namespaces")
        {
            return new RouteInfo(group, version, r[2], r[1], r.Length > 3 ? r[3] : null, r.Length > 4 ? r[4] : null);
        }

        return new RouteInfo(group, version, r[0], null, r.Length > 1 ? r[1] : null, r.Length > 2 ? r[2] : null);
    }

    private int? TakeFault(FakeRequest request)
    {
        foreach (var fault in faults)
        {
            if (fault.Remaining > 0 && fault.Predicate(request))
            {
                fault.Remaining--;
                return fault.StatusCode;
            }
        }

        return null;
    }

    private async Task HandleDiscoveryAsync(HttpContext context, string[] s)
    {
        List<FakeResource> all;
        lock (gate)
        {
            all = [.. resources.Values];
        }

        JsonObject body;
        if (s.Length == 1 && s[0] == "api")
        {
            body = new JsonObject { ["kind"] = "APIVersions", ["versions"] = new JsonArray("v1") };
        }
        else if (s.Length == 1 && s[0] == "apis")
        {
            var groups = new JsonArray();
            foreach (var group in all.Where(r => r.Group.Length > 0).GroupBy(r => r.Group))
            {
                var versions = new JsonArray();
                foreach (var version in group.Select(r => r.Version).Distinct())
                {
                    versions.Add(new JsonObject { ["groupVersion"] = $"{group.Key}/{version}", ["version"] = version });
                }

                groups.Add(new JsonObject { ["name"] = group.Key, ["versions"] = versions, ["preferredVersion"] = versions[0]!.DeepClone() });
            }

            body = new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups };
        }
        else if ((s.Length == 2 && s[0] == "api") || (s.Length == 3 && s[0] == "apis"))
        {
            var (group, version) = s[0] == "api" ? (string.Empty, s[1]) : (s[1], s[2]);
            var matching = all.Where(r => r.Group == group && r.Version == version).ToList();
            if (matching.Count == 0)
            {
                await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource").ConfigureAwait(false);
                return;
            }

            var list = new JsonArray();
            foreach (var r in matching)
            {
                list.Add(new JsonObject
                {
                    ["name"] = r.Plural,
                    ["singularName"] = r.Kind.ToLowerInvariant(),
                    ["namespaced"] = r.Namespaced,
                    ["kind"] = r.Kind,
                    ["verbs"] = new JsonArray("create", "delete", "get", "list", "patch", "update", "watch"),
                });
                if (r.HasStatus)
                {
                    list.Add(new JsonObject { ["name"] = r.Plural + "/status", ["singularName"] = string.Empty, ["namespaced"] = r.Namespaced, ["kind"] = r.Kind, ["verbs"] = new JsonArray("get", "patch", "update") });
                }
            }

            body = new JsonObject { ["kind"] = "APIResourceList", ["apiVersion"] = "v1", ["groupVersion"] = group.Length == 0 ? version : $"{group}/{version}", ["resources"] = list };
        }
        else
        {
            await WriteStatusAsync(context, HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource").ConfigureAwait(false);
            return;
        }

        await WriteJsonAsync(context, HttpStatusCode.OK, body).ConfigureAwait(false);
    }

    private JsonObject ListJson(FakeResource resource, string? ns, string? labelSelector)
    {
        var selector = ParseSelector(labelSelector);
        lock (gate)
        {
            var items = new JsonArray();
            foreach (var (key, obj) in objects.OrderBy(pair => pair.Key.Namespace, StringComparer.Ordinal).ThenBy(pair => pair.Key.Name, StringComparer.Ordinal))
            {
                if (key.Group == resource.Group && key.Plural == resource.Plural && (ns is null || key.Namespace == ns) && Matches(obj, selector))
                {
                    items.Add(obj.DeepClone());
                }
            }

            return new JsonObject
            {
                ["apiVersion"] = resource.ApiVersion,
                ["kind"] = resource.Kind + "List",
                ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
                ["items"] = items,
            };
        }
    }

    private async Task WatchAsync(HttpContext context, FakeResource resource, RouteInfo route)
    {
        var query = context.Request.Query;
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : Timeout.InfiniteTimeSpan;
        var selector = ParseSelector(query["labelSelector"]);
        var watch = new Watch(context, resource, route.Namespace, route.Name, selector, bookmarks);
        string? from = query["resourceVersion"];

        lock (gate)
        {
            if (long.TryParse(from, NumberStyles.None, CultureInfo.InvariantCulture, out var since) && since > 0)
            {
                if (since < compactedThrough)
                {
                    watch.Lines.Writer.TryWrite(EventLine("ERROR", StatusJson(HttpStatusCode.Gone, "Expired", $"too old resource version: {since} ({compactedThrough})")));
                    watch.Lines.Writer.TryComplete();
                }
                else
                {
                    foreach (var e in events.Where(e => e.ResourceVersion > since && watch.Matches(e.Key, e.Object)))
                    {
                        watch.Lines.Writer.TryWrite(EventLine(e.Type, e.Object));
                    }
                }
            }
            else
            {
                // No (or "0") resourceVersion: synthetic ADDED events for the current state, then changes.
                foreach (var (key, obj) in objects.Where(pair => watch.Matches(pair.Key, pair.Value)))
                {
                    watch.Lines.Writer.TryWrite(EventLine("ADDED", obj));
                }
            }

            watches.Add(watch);
        }

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        using var timeoutCancellation = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeoutCancellation.Token);
        using var bookmarkTimer = bookmarks && BookmarkInterval > TimeSpan.Zero
            ? new Timer(_ => watch.Lines.Writer.TryWrite(BookmarkLineLocked(resource)), null, BookmarkInterval, BookmarkInterval)
            : null;
        try
        {
            await response.StartAsync(linked.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(linked.Token).ConfigureAwait(false);
            await foreach (var line in watch.Lines.Reader.ReadAllAsync(linked.Token).ConfigureAwait(false))
            {
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), linked.Token).ConfigureAwait(false);
                await response.Body.FlushAsync(linked.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout or client gone: the watch simply ends.
        }
        catch (IOException)
        {
        }
        finally
        {
            lock (gate)
            {
                watches.Remove(watch);
            }
        }
    }

    private string BookmarkLineLocked(FakeResource resource)
    {
        lock (gate)
        {
            return BookmarkLine(resource);
        }
    }

    private string BookmarkLine(FakeResource resource) => EventLine("BOOKMARK", new JsonObject
    {
        ["apiVersion"] = resource.ApiVersion,
        ["kind"] = resource.Kind,
        ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion.ToString(CultureInfo.InvariantCulture) },
    });

    private Result Get(FakeResource resource, RouteInfo route)
    {
        lock (gate)
        {
            return objects.TryGetValue(KeyOf(resource, route), out var obj)
                ? Result.Ok(obj.DeepClone().AsObject())
                : NotFound(resource, route.Name!);
        }
    }

    private Result Create(FakeResource resource, RouteInfo route, JsonObject body)
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
            return Result.Fail(HttpStatusCode.UnprocessableEntity, "Invalid", "metadata.name: Required value");
        }

        lock (gate)
        {
            var key = new StoreKey(resource.Group, resource.Plural, resource.Namespaced ? route.Namespace ?? metadata["namespace"]?.GetValue<string>() ?? "default" : string.Empty, name);
            if (objects.ContainsKey(key))
            {
                return Result.Fail(HttpStatusCode.Conflict, "AlreadyExists", $"{resource.Plural} \"{name}\" already exists");
            }

            return Result.Ok(StoreCreate(resource, key, body, keepStatus: !resource.HasStatus), HttpStatusCode.Created);
        }
    }

    private Result Update(FakeResource resource, RouteInfo route, JsonObject body)
    {
        lock (gate)
        {
            var key = KeyOf(resource, route);
            if (!objects.TryGetValue(key, out var existing))
            {
                return NotFound(resource, route.Name!);
            }

            var expected = body["metadata"]?["resourceVersion"]?.GetValue<string>();
            if (!string.IsNullOrEmpty(expected) && expected != existing["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return Conflict(resource, route.Name!);
            }

            return Result.Ok(route.Subresource == "status"
                ? StoreStatus(resource, key, existing, body["status"]?.DeepClone())
                : StoreUpdate(resource, key, existing, body, keepStatus: resource.HasStatus));
        }
    }

    private Result Patch(FakeResource resource, RouteInfo route, string contentType, string body, string? fieldManager)
    {
        var mediaType = contentType.Split(';')[0].Trim();
        JsonNode? patch;
        try
        {
            patch = mediaType == "application/apply-patch+yaml" && !body.TrimStart().StartsWith('{')
                ? YamlJson.ParseDocuments(body).FirstOrDefault()
                : JsonNode.Parse(body);
        }
        catch (Exception ex) when (ex is JsonException or ManifestException or YamlDotNet.Core.YamlException)
        {
            return Result.Fail(HttpStatusCode.BadRequest, "BadRequest", "invalid patch body: " + ex.Message);
        }

        lock (gate)
        {
            var key = KeyOf(resource, route);
            objects.TryGetValue(key, out var existing);
            if (mediaType == "application/apply-patch+yaml")
            {
                if (string.IsNullOrEmpty(fieldManager))
                {
                    return Result.Fail(HttpStatusCode.BadRequest, "BadRequest", "fieldManager is required for apply patch");
                }

                if (patch is not JsonObject applied)
                {
                    return Result.Fail(HttpStatusCode.BadRequest, "BadRequest", "apply patch must be an object");
                }

                return ApplyLocked(resource, route, key, existing, applied, fieldManager);
            }

            if (existing is null)
            {
                return NotFound(resource, route.Name!);
            }

            JsonObject patched;
            try
            {
                patched = mediaType switch
                {
                    "application/json-patch+json" when patch is JsonArray ops => JsonPatching.ApplyJsonPatch(existing.DeepClone(), ops).AsObject(),
                    "application/merge-patch+json" or "application/strategic-merge-patch+json" => JsonPatching.MergePatch(existing.DeepClone(), patch)!.AsObject(),
                    _ => throw new NotSupportedException($"unsupported patch type {mediaType}"),
                };
            }
            catch (InvalidOperationException ex)
            {
                return Result.Fail(HttpStatusCode.UnprocessableEntity, "Invalid", ex.Message);
            }
            catch (NotSupportedException ex)
            {
                return Result.Fail(HttpStatusCode.UnsupportedMediaType, "UnsupportedMediaType", ex.Message);
            }

            var expected = patch is JsonObject ? patch["metadata"]?["resourceVersion"]?.GetValue<string>() : null;
            if (!string.IsNullOrEmpty(expected) && expected != existing["metadata"]!["resourceVersion"]!.GetValue<string>())
            {
                return Conflict(resource, route.Name!);
            }

            return Result.Ok(route.Subresource == "status"
                ? StoreStatus(resource, key, existing, patched["status"]?.DeepClone())
                : StoreUpdate(resource, key, existing, patched, keepStatus: resource.HasStatus));
        }
    }

    private Result ApplyLocked(FakeResource resource, RouteInfo route, StoreKey key, JsonObject? existing, JsonObject applied, string manager)
    {
        var expected = applied["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (existing is not null && !string.IsNullOrEmpty(expected) && expected != existing["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            return Conflict(resource, route.Name!);
        }

        var status = route.Subresource == "status";
        // What this manager applies to the main resource never includes status (and vice versa), like the API server.
        var scoped = (JsonObject)applied.DeepClone();
        if (resource.HasStatus)
        {
            if (status)
            {
                scoped = new JsonObject { ["status"] = scoped["status"]?.DeepClone() };
            }
            else
            {
                scoped.Remove("status");
            }
        }

        scoped.Remove("apiVersion");
        scoped.Remove("kind");
        if (scoped["metadata"] is JsonObject appliedMetadata)
        {
            foreach (var system in new[] { "name", "namespace", "resourceVersion", "uid", "generation", "creationTimestamp", "managedFields" })
            {
                appliedMetadata.Remove(system);
            }
        }

        var managerKey = (key, manager + (status ? "/status" : string.Empty));
        appliedConfigurations.TryGetValue(managerKey, out var previous);
        JsonObject stored;
        if (existing is null)
        {
            if (status)
            {
                return NotFound(resource, route.Name!);
            }

            var created = JsonPatching.Apply(new JsonObject { ["metadata"] = new JsonObject { ["name"] = key.Name } }, scoped, null);
            stored = StoreCreate(resource, key, created, keepStatus: false);
        }
        else
        {
            var merged = JsonPatching.Apply((JsonObject)existing.DeepClone(), scoped, previous);
            stored = status
                ? StoreStatus(resource, key, existing, merged["status"]?.DeepClone())
                : StoreUpdate(resource, key, existing, merged, keepStatus: true);
        }

        appliedConfigurations[managerKey] = scoped;
        RecordManager(stored, manager, resource, status);
        return Result.Ok(stored.DeepClone().AsObject(), existing is null ? HttpStatusCode.Created : HttpStatusCode.OK);
    }

    private static void RecordManager(JsonObject stored, string manager, FakeResource resource, bool status)
    {
        var metadata = stored["metadata"]!.AsObject();
        var managed = metadata["managedFields"] as JsonArray ?? [];
        metadata["managedFields"] = managed;
        var subresource = status ? "status" : null;
        if (!managed.OfType<JsonObject>().Any(m => m["manager"]?.GetValue<string>() == manager && m["subresource"]?.GetValue<string>() == subresource))
        {
            var entry = new JsonObject
            {
                ["manager"] = manager,
                ["operation"] = "Apply",
                ["apiVersion"] = resource.ApiVersion,
                ["time"] = Now(),
                ["fieldsType"] = "FieldsV1",
            };
            if (subresource is not null)
            {
                entry["subresource"] = subresource;
            }

            managed.Add(entry);
        }
    }

    private Result DeleteRequest(FakeResource resource, RouteInfo route)
    {
        lock (gate)
        {
            var key = KeyOf(resource, route);
            if (!objects.TryGetValue(key, out var existing))
            {
                return NotFound(resource, route.Name!);
            }

            return Result.Ok(StoreDelete(resource, key, existing));
        }
    }

    private JsonObject StoreCreate(FakeResource resource, StoreKey key, JsonObject body, bool keepStatus)
    {
        var obj = (JsonObject)body.DeepClone();
        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
        if (!keepStatus && resource.HasStatus)
        {
            obj.Remove("status");
        }

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

        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = Now();
        metadata["generation"] = 1L;
        metadata.Remove("deletionTimestamp");
        metadata["resourceVersion"] = NextVersion();
        objects[key] = obj;
        Record("ADDED", key, obj);
        return obj;
    }

    private JsonObject StoreUpdate(FakeResource resource, StoreKey key, JsonObject existing, JsonObject body, bool keepStatus)
    {
        var obj = (JsonObject)body.DeepClone();
        obj["apiVersion"] = resource.ApiVersion;
        obj["kind"] = resource.Kind;
        if (keepStatus && resource.HasStatus)
        {
            obj.Remove("status");
            if (existing["status"] is { } status)
            {
                obj["status"] = status.DeepClone();
            }
        }

        var before = existing["metadata"]!.AsObject();
        var metadata = obj["metadata"] as JsonObject ?? [];
        obj["metadata"] = metadata;
        foreach (var system in new[] { "name", "namespace", "uid", "creationTimestamp", "deletionTimestamp", "generation" })
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

        if (!JsonNode.DeepEquals(Spec(existing), Spec(obj)))
        {
            metadata["generation"] = ReadLong(before["generation"], 1) + 1;
        }

        if (JsonNode.DeepEquals(WithoutVersion(existing), WithoutVersion(obj)))
        {
            // A no-op write: the API server keeps the resourceVersion and sends no event.
            return existing;
        }

        metadata["resourceVersion"] = NextVersion();
        objects[key] = obj;
        Record("MODIFIED", key, obj);
        return FinalizeIfDeleting(resource, key, obj);
    }

    private JsonObject StoreStatus(FakeResource resource, StoreKey key, JsonObject existing, JsonNode? status)
    {
        var obj = (JsonObject)existing.DeepClone();
        obj.Remove("status");
        if (status is not null)
        {
            obj["status"] = status;
        }

        return JsonNode.DeepEquals(obj, existing) ? existing : StoreUpdate(resource, key, existing, obj, keepStatus: false);
    }

    private JsonObject StoreDelete(FakeResource resource, StoreKey key, JsonObject existing)
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
            marked["metadata"]!["resourceVersion"] = NextVersion();
            objects[key] = marked;
            Record("MODIFIED", key, marked);
            return marked;
        }

        var removed = (JsonObject)existing.DeepClone();
        removed["metadata"]!["resourceVersion"] = NextVersion();
        objects.Remove(key);
        foreach (var managerKey in appliedConfigurations.Keys.Where(k => k.Key == key).ToList())
        {
            appliedConfigurations.Remove(managerKey);
        }

        Record("DELETED", key, removed);
        return removed;
    }

    private JsonObject FinalizeIfDeleting(FakeResource resource, StoreKey key, JsonObject obj)
    {
        var metadata = obj["metadata"]!.AsObject();
        return metadata["deletionTimestamp"] is not null && metadata["finalizers"] is not JsonArray { Count: > 0 }
            ? StoreDelete(resource, key, obj)
            : obj;
    }

    private void Record(string type, StoreKey key, JsonObject obj)
    {
        var snapshot = (JsonObject)obj.DeepClone();
        var version = long.Parse(snapshot["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        events.Add(new StoredEvent(version, type, key, snapshot));
        foreach (var watch in watches.Where(w => w.Matches(key, snapshot)))
        {
            watch.Lines.Writer.TryWrite(EventLine(type, snapshot));
        }
    }

    private static long ReadLong(JsonNode? node, long fallback) =>
        node is JsonValue value && long.TryParse(value.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : fallback;

    private string NextVersion() => (++resourceVersion).ToString(CultureInfo.InvariantCulture);

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

    private static StoreKey KeyOf(FakeResource resource, RouteInfo route) =>
        new(resource.Group, resource.Plural, resource.Namespaced ? route.Namespace ?? string.Empty : string.Empty, route.Name ?? string.Empty);

    private static Result NotFound(FakeResource resource, string name) =>
        Result.Fail(HttpStatusCode.NotFound, "NotFound", $"{resource.Plural} \"{name}\" not found");

    private static Result Conflict(FakeResource resource, string name) =>
        Result.Fail(HttpStatusCode.Conflict, "Conflict", $"Operation cannot be fulfilled on {resource.Plural} \"{name}\": the object has been modified; please apply your changes to the latest version and try again");

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static Dictionary<string, string> ParseSelector(string? selector)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var term in (selector ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = term.Split("=", 2, StringSplitOptions.TrimEntries);
            result[parts[0].TrimEnd('=')] = parts.Length > 1 ? parts[1].TrimStart('=') : string.Empty;
        }

        return result;
    }

    private static bool Matches(JsonObject obj, Dictionary<string, string> selector) =>
        selector.All(pair => obj["metadata"]?["labels"]?[pair.Key]?.GetValue<string>() == pair.Value);

    private static JsonObject StatusJson(HttpStatusCode code, string reason, string message) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = message,
        ["reason"] = reason,
        ["code"] = (int)code,
    };

    private static string EventLine(string type, JsonObject obj) =>
        new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString(CompactJson);

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body).ConfigureAwait(false))?.AsObject() ?? throw new JsonException("empty body");

    private static Task WriteResultAsync(HttpContext context, Result result) =>
        result.Object is { } obj
            ? WriteJsonAsync(context, result.Code, obj)
            : WriteStatusAsync(context, result.Code, result.Reason!, result.Message!);

    private static Task WriteStatusAsync(HttpContext context, HttpStatusCode code, string reason, string message) =>
        WriteJsonAsync(context, code, StatusJson(code, reason, message));

    private static async Task WriteJsonAsync(HttpContext context, HttpStatusCode code, JsonObject body)
    {
        context.Response.StatusCode = (int)code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(CompactJson)).ConfigureAwait(false);
    }

    private sealed record RouteInfo(string Group, string Version, string Plural, string? Namespace, string? Name, string? Subresource);

    private sealed record StoreKey(string Group, string Plural, string Namespace, string Name);

    private sealed record StoredEvent(long ResourceVersion, string Type, StoreKey Key, JsonObject Object);

    private sealed record Result(HttpStatusCode Code, JsonObject? Object, string? Reason, string? Message)
    {
        public static Result Ok(JsonObject obj, HttpStatusCode code = HttpStatusCode.OK) => new(code, (JsonObject)obj.DeepClone(), null, null);

        public static Result Fail(HttpStatusCode code, string reason, string message) => new(code, null, reason, message);
    }

    private sealed class Fault(Func<FakeRequest, bool> predicate, int statusCode)
    {
        public Func<FakeRequest, bool> Predicate { get; } = predicate;

        public int StatusCode { get; } = statusCode;

        public int Remaining { get; set; }
    }

    private sealed class Watch(HttpContext context, FakeResource resource, string? ns, string? name, Dictionary<string, string> selector, bool bookmarks)
    {
        public HttpContext Context { get; } = context;

        public FakeResource Resource { get; } = resource;

        public bool Bookmarks { get; } = bookmarks;

        public System.Threading.Channels.Channel<string> Lines { get; } = System.Threading.Channels.Channel.CreateUnbounded<string>(new System.Threading.Channels.UnboundedChannelOptions { SingleReader = true });

        public bool Matches(StoreKey key, JsonObject obj) =>
            key.Group == Resource.Group && key.Plural == Resource.Plural
            && (ns is null || key.Namespace == ns)
            && (name is null || key.Name == name)
            && FakeKubernetesApiServer.Matches(obj, selector);
    }
}
