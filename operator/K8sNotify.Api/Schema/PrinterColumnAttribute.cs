namespace K8sNotify.Api.Schema;

/// <summary>Declares an <c>additionalPrinterColumns</c> entry for a custom resource.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
public sealed class PrinterColumnAttribute(string name, string type, string jsonPath) : Attribute
{
    public string Name { get; } = name;

    public string Type { get; } = type;

    public string JsonPath { get; } = jsonPath;

    public string? Description { get; init; }

    /// <summary>0 shows the column in the default view, higher only with <c>-o wide</c>.</summary>
    public int Priority { get; init; }

    /// <summary>The order in which columns are printed (lower first).</summary>
    public int Order { get; init; }
}
