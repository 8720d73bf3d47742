namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>One column of Table output, as a CRD's additionalPrinterColumns declares it.</summary>
/// <param name="Name">Column header.</param>
/// <param name="Type">OpenAPI type: string, integer, number, boolean or date.</param>
/// <param name="JsonPath">A JSONPath such as <c>.status.conditions[?(@.type=="Ready")].status</c>.</param>
/// <param name="Priority">0 shows by default; higher shows with <c>-o wide</c>.</param>
/// <param name="Description">What the column means.</param>
public sealed record PrinterColumn(string Name, string Type, string JsonPath, int Priority = 0, string Description = "");
