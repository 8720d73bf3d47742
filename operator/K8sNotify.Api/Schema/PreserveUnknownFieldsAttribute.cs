namespace K8sNotify.Api.Schema;

/// <summary>Marks a free-form object property (<c>x-kubernetes-preserve-unknown-fields: true</c>).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
