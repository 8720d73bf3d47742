namespace K8sNotify.Operator.Validation;

/// <summary>Something wrong with a resource or what it references, with a CamelCase reason for conditions and events.</summary>
/// <param name="Reason">Machine-readable reason, for example <c>TemplateNotFound</c>.</param>
/// <param name="Message">What is wrong and where, for people.</param>
public sealed record ReferenceProblem(string Reason, string Message)
{
    public const string TemplateNotFound = "TemplateNotFound";
    public const string TemplateInvalid = "TemplateInvalid";
    public const string TemplateTypeMismatch = "TemplateTypeMismatch";
    public const string ProviderNotFound = "ProviderNotFound";
    public const string ProviderInvalid = "ProviderInvalid";
    public const string SecretNotFound = "SecretNotFound";
    public const string SecretKeyNotFound = "SecretKeyNotFound";
    public const string InvalidSpec = "InvalidSpec";
    public const string InvalidPodTemplate = "InvalidPodTemplate";
}
