using System.Text;
using k8s.Models;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Runtime.Tests;

public sealed class ResourceInformerTests
{
    private static Channel NewChannel(string ns, string name, params string[] templates) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new ChannelSpec { Type = ChannelType.Email, Subjects = [$"{name}.>"], Templates = [.. templates] },
    };

    [Fact]
    public async Task RunAsync_InitialList_CachesEveryObjectAndSyncs()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        h.Server.Put(NewChannel("team-a", "orders"));
        h.Server.Put(NewChannel("team-a", "billing"));
        h.Server.Put(NewChannel("team-b", "alerts"));

        await h.StartAndSyncAsync();

        Assert.Equal(3, h.Informer.List().Count);
        Assert.Equal(2, h.Informer.List("team-a").Count);
        Assert.Equal("orders", h.Informer.Get(new ObjectKey("team-a", "orders"))?.Metadata.Name);
        Assert.Null(h.Informer.Get(new ObjectKey("team-a", "missing")));
        Assert.Equal(3, h.Events.Count(e => e.Type == ResourceEventType.Added));
        Assert.Equal(h.Server.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture), h.Informer.ResourceVersions[string.Empty]);
    }

    [Fact]
    public async Task Watch_AddUpdateDelete_UpdatesCacheAndNotifiesSubscribers()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        await h.StartAndSyncAsync();
        var key = new ObjectKey("team-a", "orders");

        h.Server.Put(NewChannel("team-a", "orders"));
        await h.EventuallyAsync(() => h.Informer.Get(key) is not null, "added");

        var changed = NewChannel("team-a", "orders");
        changed.Spec.Subjects = ["orders.v2.>"];
        h.Server.Put(changed);
        await h.EventuallyAsync(() => h.Informer.Get(key)?.Spec.Subjects.SequenceEqual(["orders.v2.>"]) == true, "updated");

        h.Server.Delete<Channel>("team-a", "orders");
        await h.EventuallyAsync(() => h.Informer.Get(key) is null, "deleted");

        var types = h.Events.Where(e => e.Key == key).Select(e => e.Type).ToList();
        Assert.Equal([ResourceEventType.Added, ResourceEventType.Updated, ResourceEventType.Deleted], types);
        var update = h.Events.Single(e => e.Type == ResourceEventType.Updated);
        Assert.Equal(["orders.>"], update.OldObject!.Spec.Subjects);
        Assert.Equal(2, update.Object.Metadata.Generation);
    }

    [Fact]
    public async Task Watch_Bookmark_AdvancesResourceVersionWithoutEvents()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        await h.StartAndSyncAsync();
        await h.EventuallyAsync(() => h.Server.OpenWatchCount("channels") == 1, "watch open");
        var before = h.Informer.ResourceVersions[string.Empty];

        // Writes to another kind move the server's resourceVersion; only a bookmark tells the Channel watch.
        h.Server.Put(new V1Secret { Metadata = new V1ObjectMeta { Name = "s", NamespaceProperty = "team-a" } });
        h.Server.Put(new V1Secret { Metadata = new V1ObjectMeta { Name = "t", NamespaceProperty = "team-a" } });
        var expected = h.Server.CurrentResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);
        h.Server.SendBookmarks();

        await h.EventuallyAsync(() => h.Informer.ResourceVersions[string.Empty] == expected, "bookmark applied");
        Assert.NotEqual(before, expected);
        Assert.Empty(h.Events);
    }

    [Fact]
    public async Task Watch_ExpiredWith410_RelistsWithoutLosingChangesMadeMeanwhile()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        h.Server.Put(NewChannel("team-a", "kept"));
        h.Server.Put(NewChannel("team-a", "removed"));
        await h.StartAndSyncAsync();
        await h.EventuallyAsync(() => h.Server.OpenWatchCount("channels") == 1, "watch open");

        // The relist fails twice, so these changes happen while the informer has no watch and no valid resourceVersion.
        h.Server.FailNext(2, r => r.Verb == "list" && r.Resource == "channels");
        h.Server.ExpireWatches();
        var kept = NewChannel("team-a", "kept");
        kept.Spec.Subjects = ["kept.v2"];
        h.Server.Put(kept);
        h.Server.Delete<Channel>("team-a", "removed");
        h.Server.Put(NewChannel("team-a", "added"));

        await h.EventuallyAsync(
            () => h.Informer.Get(new ObjectKey("team-a", "added")) is not null
                && h.Informer.Get(new ObjectKey("team-a", "removed")) is null
                && h.Informer.Get(new ObjectKey("team-a", "kept"))?.Spec.Subjects.SequenceEqual(["kept.v2"]) == true,
            "cache converged after relist");

        Assert.Equal(4, h.Server.RequestCount("list", "channels"));
        Assert.Contains(h.Events, e => e.Type == ResourceEventType.Deleted && e.Key.Name == "removed");
        Assert.Contains(h.Events, e => e.Type == ResourceEventType.Updated && e.Key.Name == "kept");
    }

    [Fact]
    public async Task Watch_Dropped_ResumesFromLastResourceVersionWithoutRelisting()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        await h.StartAndSyncAsync();
        h.Server.Put(NewChannel("team-a", "first"));
        await h.EventuallyAsync(() => h.Informer.Get(new ObjectKey("team-a", "first")) is not null, "first seen");
        var watchesBefore = h.Server.RequestCount("watch", "channels");

        Assert.Equal(1, h.Server.DropWatches());
        h.Server.Put(NewChannel("team-a", "second"));

        await h.EventuallyAsync(() => h.Informer.Get(new ObjectKey("team-a", "second")) is not null, "second seen after re-watch");
        Assert.Equal(1, h.Server.RequestCount("list", "channels"));
        Assert.True(h.Server.RequestCount("watch", "channels") > watchesBefore);
        var resumed = h.Server.Requests(r => r.Verb == "watch").Count;
        Assert.True(resumed >= 2);
        Assert.Single(h.Events, e => e.Key.Name == "first");
    }

    [Fact]
    public async Task RunAsync_Injected500s_RetriesListAndWatchUntilTheyWork()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        h.Server.Put(NewChannel("team-a", "orders"));
        h.Server.FailNext(3, r => r.Verb == "list");
        h.Server.FailNext(2, r => r.Verb == "watch");

        await h.StartAndSyncAsync();
        h.Server.Put(NewChannel("team-a", "later"));

        await h.EventuallyAsync(() => h.Informer.Get(new ObjectKey("team-a", "later")) is not null, "watch works after failures");
        Assert.Equal(4, h.Server.RequestCount("list", "channels"));
        Assert.True(h.Server.RequestCount("watch", "channels") >= 3);
    }

    [Fact]
    public async Task RunAsync_WatchedNamespaces_CachesOnlyThoseNamespaces()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync(o => o.WatchNamespaces = ["team-a", "team-c"]);
        h.Server.Put(NewChannel("team-a", "orders"));
        h.Server.Put(NewChannel("team-b", "alerts"));
        await h.StartAndSyncAsync();

        h.Server.Put(NewChannel("team-b", "ignored"));
        h.Server.Put(NewChannel("team-c", "seen"));

        await h.EventuallyAsync(() => h.Informer.Get(new ObjectKey("team-c", "seen")) is not null, "team-c change");
        Assert.Equal(["orders", "seen"], h.Informer.List().Select(c => c.Metadata.Name).Order());
        Assert.All(h.Server.Requests(r => r.Resource == "channels"), r => Assert.NotNull(r.Namespace));
    }

    [Fact]
    public async Task Resync_EveryPeriod_RedeliversEveryCachedObject()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync(o => o.ResyncPeriod = TimeSpan.FromMinutes(5));
        h.Server.Put(NewChannel("team-a", "orders"));
        h.Server.Put(NewChannel("team-a", "billing"));
        await h.StartAndSyncAsync();
        Assert.DoesNotContain(h.Events, e => e.Type == ResourceEventType.Resynced);

        h.Time.Advance(TimeSpan.FromMinutes(5));

        await h.EventuallyAsync(() => h.Events.Count(e => e.Type == ResourceEventType.Resynced) >= 2, "resync events");
        Assert.Equal(2, h.Informer.List().Count);
    }

    [Fact]
    public async Task Index_ByIndex_FollowsChanges()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        h.Informer.AddIndex("templates", c => c.Spec.Templates.Select(t => $"{c.Metadata.NamespaceProperty}/{t}"));
        h.Server.Put(NewChannel("team-a", "orders", "receipt", "welcome"));
        h.Server.Put(NewChannel("team-a", "billing", "receipt"));
        await h.StartAndSyncAsync();

        Assert.Equal(["billing", "orders"], h.Informer.ByIndex("templates", "team-a/receipt").Select(c => c.Metadata.Name).Order());

        h.Server.Put(NewChannel("team-a", "orders", "welcome"));
        await h.EventuallyAsync(() => h.Informer.ByIndex("templates", "team-a/receipt").Count == 1, "index updated");
        Assert.Single(h.Informer.ByIndex("templates", "team-a/welcome"));
        Assert.Empty(h.Informer.ByIndex("templates", "team-b/receipt"));
    }

    [Fact]
    public async Task SecretInformer_CachesMetadataAndKeyNamesButNeverValues()
    {
        await using var h = await InformerHarness<V1Secret>.CreateAsync();
        h.Server.Put(new V1Secret
        {
            Metadata = new V1ObjectMeta { Name = "smtp", NamespaceProperty = "team-a" },
            Data = new Dictionary<string, byte[]> { ["password"] = Encoding.UTF8.GetBytes("hunter2") },
        });

        await h.StartAndSyncAsync();

        var cached = h.Informer.Get(new ObjectKey("team-a", "smtp"));
        Assert.NotNull(cached);
        Assert.False(string.IsNullOrEmpty(cached.Metadata.ResourceVersion));
        Assert.Empty(Assert.Contains("password", cached.Data!));
    }

    [Fact]
    public async Task WaitForSyncAsync_BeforeFirstList_DoesNotComplete()
    {
        await using var h = await InformerHarness<Channel>.CreateAsync();
        h.Server.FailNext(1000, r => r.Verb == "list");
        h.Start();

        var wait = h.Informer.WaitForSyncAsync(TestContext.Current.CancellationToken);
        await h.EventuallyAsync(() => h.Server.RequestCount("list") >= 3, "list retried");

        Assert.False(wait.IsCompleted);
        Assert.False(h.Informer.HasSynced);
    }
}
