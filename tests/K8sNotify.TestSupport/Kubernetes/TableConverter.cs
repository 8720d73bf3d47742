using System.Globalization;
using System.Text.Json.Nodes;

namespace K8sNotify.TestSupport.Kubernetes;

/// <summary>
/// Table output (<c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>) as <c>kubectl get</c> asks for it: a Name
/// column, then the resource's printer columns (a CRD's additionalPrinterColumns), dates shown as ages.
/// </summary>
internal static class TableConverter
{
    public static bool Wanted(string? accept) =>
        accept is not null && accept.Split(',')[0].Contains("as=Table", StringComparison.Ordinal);

    public static JsonObject Convert(FakeResource resource, IEnumerable<JsonObject> objects, string resourceVersion, string? includeObject)
    {
        var columns = resource.PrinterColumns ?? [new PrinterColumn("Age", "date", ".metadata.creationTimestamp")];
        var definitions = new JsonArray(new JsonObject
        {
            ["name"] = "Name",
            ["type"] = "string",
            ["format"] = "name",
            ["description"] = "Name must be unique within a namespace.",
            ["priority"] = 0,
        });
        foreach (var column in columns)
        {
            definitions.Add(new JsonObject
            {
                ["name"] = column.Name,
                ["type"] = column.Type == "date" ? "string" : column.Type,
                ["format"] = string.Empty,
                ["description"] = column.Description,
                ["priority"] = column.Priority,
            });
        }

        var rows = new JsonArray();
        foreach (var obj in objects)
        {
            var cells = new JsonArray(obj["metadata"]?["name"]?.GetValue<string>());
            foreach (var column in columns)
            {
                cells.Add(Cell(obj, column));
            }

            var row = new JsonObject { ["cells"] = cells };
            if (includeObject != "None")
            {
                row["object"] = includeObject == "Object" ? obj.DeepClone() : new JsonObject
                {
                    ["kind"] = "PartialObjectMetadata",
                    ["apiVersion"] = "meta.k8s.io/v1",
                    ["metadata"] = obj["metadata"]?.DeepClone(),
                };
            }

            rows.Add(row);
        }

        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = "meta.k8s.io/v1",
            ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion },
            ["columnDefinitions"] = definitions,
            ["rows"] = rows,
        };
    }

    private static JsonNode? Cell(JsonObject obj, PrinterColumn column)
    {
        var text = SimpleJsonPath.Text(obj, column.JsonPath);
        if (text is null)
        {
            return null;
        }

        if (column.Type == "date")
        {
            return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var at)
                ? Age(DateTime.UtcNow - at)
                : text;
        }

        return column.Type switch
        {
            "integer" when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
            "number" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            "boolean" when bool.TryParse(text, out var b) => b,
            _ => text,
        };
    }

    // kubectl's short human durations: 45s, 3m12s, 5h, 2d.
    private static string Age(TimeSpan age)
    {
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }

        return age.TotalSeconds < 120 ? $"{(int)age.TotalSeconds}s"
            : age.TotalMinutes < 10 ? $"{(int)age.TotalMinutes}m{age.Seconds}s"
            : age.TotalHours < 3 ? $"{(int)age.TotalMinutes}m"
            : age.TotalHours < 48 ? $"{(int)age.TotalHours}h"
            : $"{(int)age.TotalDays}d";
    }
}
