namespace K8sNotify.Dispatcher.Contract;

/// <summary>A decoded message, or why it could not be decoded (with the id when one was readable, so its status can say why).</summary>
public sealed record DecodeResult(NotificationMessage? Message, string? Error, string? Id)
{
    public static DecodeResult Ok(NotificationMessage message) => new(message, null, message.Id);

    public static DecodeResult Invalid(string error, string? id) => new(null, error, id);
}
