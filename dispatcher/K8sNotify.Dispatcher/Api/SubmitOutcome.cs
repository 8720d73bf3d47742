using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Api;

/// <summary>What happened to one submitted notification: accepted (or already known, with its current state), or invalid with every problem by field.</summary>
public sealed record SubmitOutcome(string? Id, string? State, IReadOnlyList<FieldError> Errors)
{
    public const string AcceptedState = "accepted";

    public bool IsValid => Errors.Count == 0;

    public static SubmitOutcome Accepted(string id, string state) => new(id, state, []);

    public static SubmitOutcome Invalid(string? id, IReadOnlyList<FieldError> errors) => new(id, null, errors);

    public string StatusUrl => NotificationEndpoints.StatusUrl(Id ?? "");
}
