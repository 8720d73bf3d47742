using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>One open watch: what it selects and the queue of event lines waiting to be written to the client.</summary>
internal sealed class WatchStream(FakeResource resource, string? ns, string? name, Selector labels, Selector fields, bool bookmarks, Action abort)
{
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });

    public FakeResource Resource { get; } = resource;

    public bool Bookmarks { get; } = bookmarks;

    public ChannelReader<string> Lines => _lines.Reader;

    public bool Matches(StoreKey key, JsonObject obj) =>
        key.Group == Resource.Group && key.Plural == Resource.Plural
        && (ns is null || key.Namespace == ns)
        && (name is null || key.Name == name)
        && labels.Matches(obj)
        && fields.Matches(obj);

    public void Send(string type, JsonObject obj) =>
        _lines.Writer.TryWrite(new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString());

    public void Complete() => _lines.Writer.TryComplete();

    /// <summary>Drops the connection (the client sees an aborted response, not a clean end).</summary>
    public void Abort() => abort();
}
