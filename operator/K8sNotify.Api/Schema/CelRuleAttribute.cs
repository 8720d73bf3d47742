namespace K8sNotify.Api.Schema;

/// <summary>Declares a CEL <c>x-kubernetes-validations</c> rule on the schema of a type or property.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    /// <summary>The CEL expression, evaluated with <c>self</c> bound to the annotated value.</summary>
    public string Rule { get; } = rule;

    /// <summary>The error message the API server returns; it names the field.</summary>
    public string Message { get; } = message;

    /// <summary>Optional JSON path of the field the error is reported on (for example <c>.from</c>).</summary>
    public string? FieldPath { get; init; }
}
