namespace K8sNotify.Api.Schema;

/// <summary>Regular expressions shared by the CRD schema and the runtime parsers.</summary>
public static class Patterns
{
    /// <summary>A Go-style duration made of whole units, for example <c>500ms</c>, <c>1h30m</c> or <c>30d</c>.</summary>
    public const string Duration = @"^([0-9]+(ms|s|m|h|d))+$";

    /// <summary>A decimal percentage below 100, for example <c>99.9</c>.</summary>
    public const string Percentage = @"^(100|[0-9]{1,2}(\.[0-9]{1,4})?)$";

    /// <summary>A non-negative decimal amount, for example <c>0.0079</c>.</summary>
    public const string Decimal = @"^[0-9]{1,9}(\.[0-9]{1,9})?$";

    /// <summary>A NATS subject that apps publish to (tokens separated by dots, wildcards allowed).</summary>
    public const string NatsSubject = @"^[A-Za-z0-9_\-]+(\.([A-Za-z0-9_\-]+|\*|>))*$";

    /// <summary>A NATS subject with no wildcards.</summary>
    public const string NatsLiteralSubject = @"^[A-Za-z0-9_\-]+(\.[A-Za-z0-9_\-]+)*$";

    /// <summary>A notification category: a lower-case DNS label (marketing, product, transactional, security).</summary>
    public const string Category = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>A BCP 47 style locale such as <c>en</c>, <c>de</c> or <c>pt-BR</c>.</summary>
    public const string Locale = @"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$";

    /// <summary>A Kubernetes object name (DNS-1123 subdomain).</summary>
    public const string ObjectName = @"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>A key inside a Secret.</summary>
    public const string SecretKey = @"^[-._a-zA-Z0-9]+$";

    /// <summary>A dotted path to a field of a notification's data, for example <c>project.id</c>.</summary>
    public const string DataPath = @"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$";

    /// <summary>An http or https URL.</summary>
    public const string HttpUrl = @"^https?://[^\s]+$";
}
