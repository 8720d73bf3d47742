namespace K8sNotify.Dispatcher.Configuration;

/// <summary>Builds the "namespace/name" key a Channel's runtime and pipeline are looked up by.</summary>
public static class ChannelKey
{
    public static string Of(string @namespace, string name) => @namespace + "/" + name;
}
