namespace K8sNotify.Dispatcher.Contract;

/// <summary>One problem of a message, named by its field (<c>to</c>, <c>to[2]</c>, <c>data.order</c>, or <c>""</c> for the whole body).</summary>
public sealed record FieldError(string Field, string Message);
