using System.CommandLine;
using K8sNotify.Client;
using NATS.Client.Core;
using NATS.Client.JetStream;

// Sends one notification to a Channel, over NATS (--subject) or through the dispatcher's HTTP API (--api), and
// follows its status when the API is used.
var nats = new Option<string>("--nats") { Description = "NATS URL", DefaultValueFactory = _ => "nats://127.0.0.1:4222" };
var subject = new Option<string?>("--subject") { Description = "The Channel's subject, to publish over NATS" };
var api = new Option<string?>("--api") { Description = "The dispatcher's base URL, to submit over HTTP and follow the status" };
var token = new Option<string?>("--token") { Description = "API bearer token (default: $K8SNOTIFY_TOKEN)" };
var ns = new Option<string>("--namespace") { Description = "The Channel's namespace", DefaultValueFactory = _ => "default" };
var channel = new Option<string?>("--channel") { Description = "The Channel's name (with --api)" };
var template = new Option<string>("--template") { Description = "Template name", DefaultValueFactory = _ => "welcome" };
var to = new Option<string[]>("--to") { Description = "Recipient; repeat for a list", Required = true, AllowMultipleArgumentsPerToken = true };
var id = new Option<string?>("--id") { Description = "Idempotency key (default: a new UUID)" };
var name = new Option<string>("--name") { Description = "The 'name' value of the Template's data", DefaultValueFactory = _ => "Ada" };

var root = new RootCommand("Send one K8sNotify notification with K8sNotify.Client.") { nats, subject, api, token, ns, channel, template, to, id, name };
root.SetAction(async (parsed, cancellationToken) =>
{
    var recipients = parsed.GetValue(to)!;
    var notification = new Notification
    {
        Id = parsed.GetValue(id),
        Template = parsed.GetValue(template)!,
        To = recipients.Length == 1 ? recipients[0] : Recipients.Many(recipients),
        Data = Notification.DataFrom(new { name = parsed.GetValue(name) }),
    };

    if (parsed.GetValue(subject) is { } natsSubject)
    {
        await using var connection = new NatsConnection(NatsOpts.Default with { Url = parsed.GetValue(nats)!, Name = "k8snotify-client-sample" });
        var publisher = new K8sNotifyPublisher(new NatsJSContext(connection));
        var published = await publisher.PublishAsync(natsSubject, notification, cancellationToken);
        Console.WriteLine($"published {published.MessageId} to {published.Stream} #{published.Sequence}{(published.IsDuplicate ? " (duplicate: already published)" : "")}");
        return 0;
    }

    if (!Uri.TryCreate(parsed.GetValue(api), UriKind.Absolute, out var baseAddress) || parsed.GetValue(channel) is not { } channelName)
    {
        Console.Error.WriteLine("give --subject (NATS), or --api with --channel (HTTP)");
        return 2;
    }

    var bearer = parsed.GetValue(token) ?? Environment.GetEnvironmentVariable("K8SNOTIFY_TOKEN") ?? "";
    var client = K8sNotifyHttpClient.Create(baseAddress, bearer);
    try
    {
        var accepted = await client.SubmitAsync(parsed.GetValue(ns)!, channelName, notification, cancellationToken);
        Console.WriteLine($"accepted {accepted.Id} ({accepted.Status})");
        for (var i = 0; i < 30; i++)
        {
            var status = await client.GetStatusAsync(accepted.Id, cancellationToken);
            Console.WriteLine($"  {status?.State ?? "unknown"}{(status?.Reason is { } reason ? ": " + reason : "")}");
            if (status is { IsTerminal: true })
            {
                return status.State is "sent" or "delivered" ? 0 : 1;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        return 1;
    }
    catch (K8sNotifyApiException e)
    {
        Console.Error.WriteLine(e.Message);
        foreach (var (field, problems) in e.Errors)
        {
            Console.Error.WriteLine($"  {field}: {string.Join("; ", problems)}");
        }

        return 1;
    }
});

return await root.Parse(args).InvokeAsync();
