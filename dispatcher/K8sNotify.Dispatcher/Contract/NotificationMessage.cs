using System.Text.Json.Nodes;

namespace K8sNotify.Dispatcher.Contract;

/// <summary>A decoded message of the message contract (docs/architecture.md, "The message contract"): what an app published to a Channel's subject.</summary>
public sealed record NotificationMessage
{
    /// <summary>Idempotency key (the <c>id</c> field, or the Nats-Msg-Id header).</summary>
    public required string Id { get; init; }

    public required string Template { get; init; }

    public string? Locale { get; init; }

    /// <summary>One or more recipients; <see cref="IsBulk"/> says whether <c>to</c> was a list.</summary>
    public required IReadOnlyList<string> To { get; init; }

    public bool IsBulk { get; init; }

    public JsonObject Data { get; init; } = [];

    public string Priority { get; init; } = MessageDecoder.NormalPriority;

    public DateTimeOffset? SendAt { get; init; }

    /// <summary>The notification id of one recipient: the message id, suffixed with the index for bulk messages.</summary>
    public string NotificationId(int recipientIndex) =>
        IsBulk ? $"{Id}:{recipientIndex.ToString(System.Globalization.CultureInfo.InvariantCulture)}" : Id;
}
