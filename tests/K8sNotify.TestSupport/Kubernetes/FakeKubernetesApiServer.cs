using System.Globalization;
using System.Net;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using K8sNotify.Api.Manifests;
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
/// A test double of the Kubernetes API server: a real Kestrel HTTP server on loopback that KubernetesClient and kubectl
/// talk to, holding objects as JSON in memory. It serves discovery and OpenAPI v3, get/list/watch with resourceVersions,
/// bookmarks and label/field selectors, create/update/delete, merge/JSON patch, server-side apply with field managers
/// and conflicts, the status and scale subresources, Table output, finalizers, ownerReference garbage collection, and
/// CustomResourceDefinitions whose schemas (including CEL rules) validate their custom resources — plus fault injection
/// (injected errors, dropped watches, 410 Gone). See docs/dev-cluster.md for what it does not do.
/// </summary>
public sealed class FakeKubernetesApiServer : IAsyncDisposable
{
    private readonly ObjectStore _store = new(BuiltInResources.All());
    private readonly List<Fault> _faults = [];
    private readonly List<FakeRequest> _requests = [];
    private readonly WebApplication _app;

    private FakeKubernetesApiServer(WebApplication app)
    {
        _app = app;
    }

    /// <summary>The address to put into <see cref="KubernetesClientConfiguration.Host"/>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The latest resourceVersion the server has handed out.</summary>
    public long CurrentResourceVersion => _store.ResourceVersion;

    /// <summary>How often open watches that asked for bookmarks get one (also sent on <see cref="SendBookmarks"/>).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Starts the server on a free loopback port (or on <paramref name="port"/>).</summary>
    public static async Task<FakeKubernetesApiServer> StartAsync(CancellationToken cancellationToken = default, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen => listen.Protocols = HttpProtocols.Http1));
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

    /// <summary>A kubeconfig (YAML) for kubectl and KubernetesClient: plain HTTP on loopback, a placeholder token.</summary>
    public string Kubeconfig(string contextName = "k8snotify-dev") =>
        $"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: {contextName}
          cluster:
            server: {BaseAddress.ToString().TrimEnd('/')}
        users:
        - name: {contextName}
          user:
            # The double has no authentication; KubernetesClient needs some credential in a kubeconfig.
            token: not-checked
        contexts:
        - name: {contextName}
          context:
            cluster: {contextName}
            user: {contextName}
            namespace: default
        current-context: {contextName}

        """;

    /// <summary>Serves a resource type (for example a CRD such as <c>monitoring.coreos.com/v1 servicemonitors</c>); discovery lists it from then on.</summary>
    public void RegisterResource(FakeResource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _store.Register(resource);
    }

    /// <summary>Registers the prometheus-operator kinds ServiceMonitor and PrometheusRule (monitoring.coreos.com/v1).</summary>
    public void RegisterPrometheusOperatorResources()
    {
        RegisterResource(new FakeResource("monitoring.coreos.com", "v1", "servicemonitors", "ServiceMonitor", HasStatus: false) { ShortNames = ["smon"], Categories = ["prometheus-operator"] });
        RegisterResource(new FakeResource("monitoring.coreos.com", "v1", "prometheusrules", "PrometheusRule", HasStatus: false) { ShortNames = ["promrule"], Categories = ["prometheus-operator"] });
    }

    /// <summary>
    /// Stores every CustomResourceDefinition in the YAML files of <paramref name="directory"/> (as <c>kubectl apply</c> would),
    /// so their resources are served, validated against their schemas and printed with their columns.
    /// </summary>
    public void InstallCrds(string directory)
    {
        var definitions = _store.Resource(CustomResourceDefinitions.Group, CustomResourceDefinitions.Plural)!;
        foreach (var file in Directory.EnumerateFiles(directory, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml").Order(StringComparer.Ordinal))
        {
            foreach (var crd in YamlJson.ParseDocuments(File.ReadAllText(file)).OfType<JsonObject>())
            {
                var name = crd["metadata"]!["name"]!.GetValue<string>();
                var result = _store.Patch(definitions, null, name, null, "application/apply-patch+yaml", crd, "k8snotify-dev-cluster", force: true);
                if (!result.IsSuccess)
                {
                    throw new InvalidOperationException($"{file}: {result.Body["message"]}");
                }
            }
        }
    }

    /// <summary>The next <paramref name="count"/> requests matching <paramref name="predicate"/> fail with <paramref name="statusCode"/> (a Status body).</summary>
    public void FailNext(int count, Func<FakeRequest, bool> predicate, int statusCode = 500)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        lock (_faults)
        {
            _faults.Add(new Fault(predicate, statusCode) { Remaining = count });
        }
    }

    /// <summary>Cancels every fault injected with <see cref="FailNext"/> that has not fired yet.</summary>
    public void ClearFaults()
    {
        lock (_faults)
        {
            _faults.Clear();
        }
    }

    /// <summary>Aborts every open watch connection (the client sees a dropped connection, not a clean end).</summary>
    public int DropWatches()
    {
        var open = _store.Watches();
        foreach (var watch in open)
        {
            watch.Abort();
        }

        return open.Count;
    }

    /// <summary>
    /// Forgets the event history (like etcd compaction): watches from any resourceVersion before now get 410 Gone; open
    /// watches receive an ERROR event with code 410 and are closed, so informers must relist.
    /// </summary>
    public void ExpireWatches() => _store.Compact();

    /// <summary>Sends a BOOKMARK with the current resourceVersion to every open watch that allowed bookmarks.</summary>
    public void SendBookmarks()
    {
        foreach (var watch in _store.Watches().Where(w => w.Bookmarks))
        {
            watch.Send("BOOKMARK", _store.Bookmark(watch.Resource));
        }
    }

    /// <summary>How many open watches there are, optionally only for <paramref name="plural"/>.</summary>
    public int OpenWatchCount(string? plural = null) => _store.Watches().Count(w => plural is null || w.Resource.Plural == plural);

    /// <summary>The requests received so far, optionally filtered.</summary>
    public IReadOnlyList<FakeRequest> Requests(Func<FakeRequest, bool>? predicate = null)
    {
        lock (_requests)
        {
            return _requests.Where(r => predicate is null || predicate(r)).ToList();
        }
    }

    /// <summary>How many requests with <paramref name="verb"/> (get, list, watch, create, update, patch, delete) were received, optionally for one resource.</summary>
    public int RequestCount(string verb, string? plural = null) =>
        Requests(r => r.Verb == verb && (plural is null || r.Resource == plural)).Count;

    /// <summary>The stored object, or null.</summary>
    public JsonObject? GetJson(string group, string plural, string? ns, string name) =>
        _store.Find(new StoreKey(group, plural, ns ?? string.Empty, name));

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
        return _store.All(group, plural, ns).Select(p => KubernetesJson.Deserialize<T>(p.Object.ToJsonString())).ToList();
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
        var resource = _store.Resource(group, plural) ?? throw new InvalidOperationException($"{plural}.{group} is not served");
        var json = JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();
        var stored = _store.Put(resource, ObjectStore.KeyOf(resource, obj.Metadata.NamespaceProperty, obj.Metadata.Name), json);
        return KubernetesJson.Deserialize<T>(stored.ToJsonString());
    }

    /// <summary>Deletes directly (honouring finalizers and collecting dependents like the API does); false when it did not exist.</summary>
    public bool Delete<T>(string? ns, string name)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (group, plural) = ResourceOf<T>();
        var resource = _store.Resource(group, plural) ?? throw new InvalidOperationException($"{plural}.{group} is not served");
        return _store.DeleteDirect(resource, new StoreKey(group, plural, resource.Namespaced ? ns ?? string.Empty : string.Empty, name));
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var watch in _store.Watches())
        {
            watch.Complete();
        }

        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

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
        var route = ApiRoute.Parse(segments);
        var watch = IsTrue(request.Query["watch"]);
        var verb = route is null ? "discovery" : Verb(request.Method, route, watch);
        var fakeRequest = new FakeRequest(verb, request.Method, path, route?.Plural ?? string.Empty, route?.Namespace, route?.Name, route?.Subresource, request.Headers.UserAgent.ToString());

        lock (_requests)
        {
            _requests.Add(fakeRequest);
        }

        if (TakeFault(fakeRequest) is { } code)
        {
            await WriteAsync(context, ApiResult.Fail((HttpStatusCode)code, "InternalError", "injected fault")).ConfigureAwait(false);
            return;
        }

        try
        {
            if (route is null)
            {
                await WriteAsync(context, NonResource(segments)).ConfigureAwait(false);
                return;
            }

            var resource = _store.Resource(route.Group, route.Plural);
            if (resource is null || resource.Version != route.Version
                || (route.Subresource is not null && !(route.Subresource == "status" && resource.HasStatus) && !(route.Subresource == "scale" && resource.Scale is not null)))
            {
                await WriteAsync(context, ApiResult.Fail(HttpStatusCode.NotFound, "NotFound", $"the server could not find the requested resource ({path})")).ConfigureAwait(false);
                return;
            }

            if (verb == "watch")
            {
                await WatchAsync(context, resource, route).ConfigureAwait(false);
                return;
            }

            await WriteAsync(context, await ResourceRequestAsync(context, resource, route, verb).ConfigureAwait(false), resource).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ManifestException or YamlDotNet.Core.YamlException)
        {
            await WriteAsync(context, ApiResult.BadRequest(ex.Message)).ConfigureAwait(false);
        }
    }

    private ApiResult NonResource(string[] s)
    {
        var resources = _store.Resources();
        JsonObject? body = s switch
        {
            ["version"] => DiscoveryDocuments.Version(),
            ["healthz" or "readyz" or "livez"] => null,
            ["api"] => DiscoveryDocuments.CoreVersions(BaseAddress.Authority),
            ["apis"] => DiscoveryDocuments.Groups(resources),
            ["apis", var group] => DiscoveryDocuments.Group(resources, group),
            ["api", var version] => DiscoveryDocuments.ResourceList(resources, string.Empty, version),
            ["apis", var group, var version] => DiscoveryDocuments.ResourceList(resources, group, version),
            ["openapi", "v3"] => OpenApiDocuments.Root(resources),
            ["openapi", "v3", "api", var version] => OpenApiDocuments.GroupVersion(resources, string.Empty, version),
            ["openapi", "v3", "apis", var group, var version] => OpenApiDocuments.GroupVersion(resources, group, version),
            _ => null,
        };
        if (s is ["healthz" or "readyz" or "livez"])
        {
            return ApiResult.Ok(new JsonObject { ["status"] = "ok" });
        }

        return body is null
            ? ApiResult.Fail(HttpStatusCode.NotFound, "NotFound", "the server could not find the requested resource")
            : ApiResult.Ok(body);
    }

    private async Task<ApiResult> ResourceRequestAsync(HttpContext context, FakeResource resource, ApiRoute route, string verb)
    {
        var query = context.Request.Query;
        var manager = Manager(context.Request);
        var dryRun = query["dryRun"] == "All";
        if (route.Subresource == "scale")
        {
            return await ScaleRequestAsync(context, resource, route, verb, manager, dryRun).ConfigureAwait(false);
        }

        switch (verb)
        {
            case "list":
                return ApiResult.Ok(_store.List(resource, route.Namespace, Selector.Labels(query["labelSelector"]), Selector.Fields(query["fieldSelector"])));
            case "get":
                return _store.Get(resource, route.Namespace, route.Name!);
            case "create":
                var created = await ReadBodyAsync(context.Request).ConfigureAwait(false);
                return _store.Write(dryRun, () => _store.Create(resource, route.Namespace, created, manager));
            case "update":
                var replaced = await ReadBodyAsync(context.Request).ConfigureAwait(false);
                return _store.Write(dryRun, () => _store.Update(resource, route.Namespace, route.Name!, route.Subresource, replaced, manager));
            case "patch":
                var mediaType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
                var body = await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
                var patch = mediaType == "application/apply-patch+yaml" && !body.TrimStart().StartsWith('{')
                    ? YamlJson.ParseDocuments(body).FirstOrDefault()
                    : JsonNode.Parse(body);
                if (mediaType == "application/apply-patch+yaml" && string.IsNullOrEmpty(query["fieldManager"]))
                {
                    return ApiResult.BadRequest("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: is required for apply patch");
                }

                return _store.Write(dryRun, () => _store.Patch(resource, route.Namespace, route.Name!, route.Subresource, mediaType, patch, manager, IsTrue(query["force"])));
            case "delete":
                var options = await ReadOptionalBodyAsync(context.Request).ConfigureAwait(false);
                var propagation = query["propagationPolicy"].FirstOrDefault() ?? options?["propagationPolicy"]?.GetValue<string>() ?? "Background";
                var expected = options?["preconditions"]?["resourceVersion"]?.GetValue<string>();
                return _store.Write(dryRun || options?["dryRun"] is JsonArray { Count: > 0 }, () => _store.Delete(resource, route.Namespace, route.Name!, propagation, expected));
            default:
                return ApiResult.Fail(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{context.Request.Method} is not supported here");
        }
    }

    // autoscaling/v1 Scale read from and written to the resource's replica paths.
    private async Task<ApiResult> ScaleRequestAsync(HttpContext context, FakeResource resource, ApiRoute route, string verb, string manager, bool dryRun)
    {
        var current = _store.Get(resource, route.Namespace, route.Name!);
        if (!current.IsSuccess)
        {
            return current;
        }

        var scale = ScaleOf(resource, current.Body);
        if (verb == "get")
        {
            return ApiResult.Ok(scale);
        }

        JsonObject desired;
        if (verb == "update")
        {
            desired = await ReadBodyAsync(context.Request).ConfigureAwait(false);
        }
        else if (verb == "patch")
        {
            var mediaType = (context.Request.ContentType ?? string.Empty).Split(';')[0].Trim();
            var patch = JsonNode.Parse(await new StreamReader(context.Request.Body, Encoding.UTF8).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false));
            desired = mediaType == "application/json-patch+json" && patch is JsonArray ops
                ? JsonPatching.ApplyJsonPatch(scale.DeepClone(), ops).AsObject()
                : JsonPatching.MergePatch(scale.DeepClone(), patch)!.AsObject();
        }
        else
        {
            return ApiResult.Fail(HttpStatusCode.MethodNotAllowed, "MethodNotAllowed", $"{context.Request.Method} is not supported on scale");
        }

        if (desired["spec"]?["replicas"] is not JsonValue replicas || !replicas.TryGetValue<int>(out var count) || count < 0)
        {
            return ApiResult.Invalid(resource, route.Name!, ["spec.replicas: Invalid value: must be greater than or equal to 0"]);
        }

        var merge = new JsonObject();
        var node = merge;
        var segments = resource.Scale!.SpecReplicasPath.TrimStart('.').Split('.');
        foreach (var segment in segments[..^1])
        {
            node = (JsonObject)(node[segment] = new JsonObject());
        }

        node[segments[^1]] = count;
        var written = _store.Write(dryRun, () => _store.Patch(resource, route.Namespace, route.Name!, null, "application/merge-patch+json", merge, manager, force: false));
        return written.IsSuccess ? ApiResult.Ok(ScaleOf(resource, written.Body)) : written;
    }

    private static JsonObject ScaleOf(FakeResource resource, JsonObject obj)
    {
        var paths = resource.Scale!;
        var metadata = obj["metadata"]!;
        var status = new JsonObject { ["replicas"] = SimpleJsonPath.Select(obj, paths.StatusReplicasPath).FirstOrDefault()?.DeepClone() ?? 0 };
        if (paths.LabelSelectorPath is { } selectorPath && SimpleJsonPath.Select(obj, selectorPath).FirstOrDefault() is { } selector)
        {
            status["selector"] = Selector.FromLabelSelector(selector);
        }

        return new JsonObject
        {
            ["kind"] = "Scale",
            ["apiVersion"] = "autoscaling/v1",
            ["metadata"] = new JsonObject
            {
                ["name"] = metadata["name"]?.DeepClone(),
                ["namespace"] = metadata["namespace"]?.DeepClone(),
                ["uid"] = metadata["uid"]?.DeepClone(),
                ["resourceVersion"] = metadata["resourceVersion"]?.DeepClone(),
                ["creationTimestamp"] = metadata["creationTimestamp"]?.DeepClone(),
            },
            ["spec"] = new JsonObject { ["replicas"] = SimpleJsonPath.Select(obj, paths.SpecReplicasPath).FirstOrDefault()?.DeepClone() ?? 1 },
            ["status"] = status,
        };
    }

    private async Task WatchAsync(HttpContext context, FakeResource resource, ApiRoute route)
    {
        var query = context.Request.Query;
        var bookmarks = IsTrue(query["allowWatchBookmarks"]);
        var timeout = int.TryParse(query["timeoutSeconds"], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? TimeSpan.FromSeconds(seconds)
            : Timeout.InfiniteTimeSpan;
        var labels = Selector.Labels(query["labelSelector"]);
        var fields = Selector.Fields(query["fieldSelector"]);
        var watch = new WatchStream(resource, route.Namespace, route.Name, labels, fields, bookmarks, context.Abort);
        _store.AddWatch(watch, query["resourceVersion"]);

        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json";
        using var timeoutCancellation = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, timeoutCancellation.Token);
        using var bookmarkTimer = bookmarks && BookmarkInterval > TimeSpan.Zero
            ? new Timer(_ => watch.Send("BOOKMARK", _store.Bookmark(resource)), null, BookmarkInterval, BookmarkInterval)
            : null;
        try
        {
            await response.StartAsync(linked.Token).ConfigureAwait(false);
            await response.Body.FlushAsync(linked.Token).ConfigureAwait(false);
            await foreach (var line in watch.Lines.ReadAllAsync(linked.Token).ConfigureAwait(false))
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
            _store.RemoveWatch(watch);
        }
    }

    private static string Verb(string method, ApiRoute route, bool watch) => method switch
    {
        "GET" when watch => "watch",
        "GET" when route.Name is null => "list",
        "GET" => "get",
        "POST" => "create",
        "PUT" => "update",
        "PATCH" => "patch",
        "DELETE" when route.Name is null => "deletecollection",
        "DELETE" => "delete",
        _ => method.ToLowerInvariant(),
    };

    // The API server names an unnamed writer after its user agent's program (kubectl, for example).
    private static string Manager(HttpRequest request)
    {
        if (request.Query["fieldManager"].FirstOrDefault() is { Length: > 0 } manager)
        {
            return manager;
        }

        var agent = request.Headers.UserAgent.ToString();
        var program = agent.Split('/', ' ')[0];
        return program.Length > 0 ? program : "unknown";
    }

    private static bool IsTrue(string? value) => string.Equals(value, "true", StringComparison.OrdinalIgnoreCase) || value == "1";

    private int? TakeFault(FakeRequest request)
    {
        lock (_faults)
        {
            foreach (var fault in _faults)
            {
                if (fault.Remaining > 0 && fault.Predicate(request))
                {
                    fault.Remaining--;
                    return fault.StatusCode;
                }
            }
        }

        return null;
    }

    private static async Task<JsonObject> ReadBodyAsync(HttpRequest request) =>
        (await JsonNode.ParseAsync(request.Body).ConfigureAwait(false))?.AsObject() ?? throw new JsonException("empty body");

    private static async Task<JsonObject?> ReadOptionalBodyAsync(HttpRequest request)
    {
        var text = await new StreamReader(request.Body, Encoding.UTF8).ReadToEndAsync().ConfigureAwait(false);
        return string.IsNullOrWhiteSpace(text) ? null : JsonNode.Parse(text) as JsonObject;
    }

    private async Task WriteAsync(HttpContext context, ApiResult result, FakeResource? resource = null)
    {
        var body = result.Body;
        var query = context.Request.Query;
        if (resource is not null && result.IsSuccess && TableConverter.Wanted(context.Request.Headers.Accept.ToString()) && body["kind"]?.GetValue<string>() != "Scale")
        {
            var items = body["items"] is JsonArray list ? list.OfType<JsonObject>().ToList() : [body];
            var version = body["metadata"]?["resourceVersion"]?.GetValue<string>() ?? _store.ResourceVersion.ToString(CultureInfo.InvariantCulture);
            body = TableConverter.Convert(resource, items, version, query["includeObject"]);
        }

        context.Response.StatusCode = (int)result.Code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private sealed class Fault(Func<FakeRequest, bool> predicate, int statusCode)
    {
        public Func<FakeRequest, bool> Predicate { get; } = predicate;

        public int StatusCode { get; } = statusCode;

        public int Remaining { get; set; }
    }
}
