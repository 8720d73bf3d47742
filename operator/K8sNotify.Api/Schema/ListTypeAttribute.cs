namespace K8sNotify.Api.Schema;

/// <summary>Sets <c>x-kubernetes-list-type</c> of a list property: <c>set</c> makes the API server reject duplicate items.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListTypeAttribute(string listType) : Attribute
{
    public string ListType { get; } = listType;
}
