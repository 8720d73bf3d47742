namespace K8sNotify.Dispatcher.Contract;

/// <summary>A decoded message, or why it could not be decoded (with the id when one was readable, so its status can say why).</summary>
/// <param name="Message">The message, when it could be decoded.</param>
/// <param name="Error">The first problem, as the NATS path records it.</param>
/// <param name="Id">The id, when one was readable.</param>
/// <param name="Errors">Every problem found, by field (the HTTP API reports them all).</param>
public sealed record DecodeResult(NotificationMessage? Message, string? Error, string? Id, IReadOnlyList<FieldError> Errors)
{
    public static DecodeResult Ok(NotificationMessage message) => new(message, null, message.Id, []);

    public static DecodeResult Invalid(string error, string? id) => new(null, error, id, [new FieldError("", error)]);

    public static DecodeResult Invalid(IReadOnlyList<FieldError> errors, string? id) => new(null, errors[0].Message, id, errors);

    /// <summary>A problem deep in the body: the NATS reason names the field, since the message alone may not.</summary>
    public static DecodeResult Invalid(FieldError error, string? id) =>
        new(null, error.Field.Length == 0 ? error.Message : $"{error.Field}: {error.Message}", id, [error]);
}
