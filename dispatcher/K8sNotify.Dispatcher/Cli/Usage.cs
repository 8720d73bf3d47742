namespace K8sNotify.Dispatcher.Cli;

/// <summary>The dispatcher's command-line help.</summary>
internal static class Usage
{
    public const string Text = """
        usage:
          k8snotify-dispatcher --manifests DIR [--channel NAME[,NAME]] [--nats URL] [--redis URL] [--http-port N]
          k8snotify-dispatcher --config FILE [--nats URL] [--redis URL] [--http-port N]
          k8snotify-dispatcher publish --subject SUBJECT --file MESSAGE.json [--nats URL] [--msg-id ID]
          k8snotify-dispatcher status --manifests DIR [--channel NAME] [--id ID] [--nats URL]

        Every option can also be set by an environment variable: --nats ⇔ K8SNOTIFY_NATS, --http-port ⇔ K8SNOTIFY_HTTP_PORT, ...
          --manifests  standalone: Channel/Template/Provider/Secret YAML as applied to a cluster
          --config     cluster: the DispatcherBundle JSON written by the operator (reloaded on change)
          --nats       NATS URL (default nats://127.0.0.1:4222)
          --redis      Redis for shared rate limits (optional)
          --http-port  port of /metrics, /healthz, /readyz (default 8080)
          --channel    standalone: which Channels of the folder to run (default: all)

        """;
}
