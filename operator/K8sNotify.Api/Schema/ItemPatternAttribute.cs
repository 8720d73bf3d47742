namespace K8sNotify.Api.Schema;

/// <summary>Requires every string item of a list property to match a regular expression.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemPatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}
