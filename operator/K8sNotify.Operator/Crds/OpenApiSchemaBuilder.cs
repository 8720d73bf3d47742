using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using K8sNotify.Api.Schema;
using K8sNotify.Api.V1Alpha1;
using k8s.Models;

namespace K8sNotify.Operator.Crds;

/// <summary>Turns the C# API types into structural OpenAPI v3 schemas by reflection over their JSON names and attributes.</summary>
internal static class OpenApiSchemaBuilder
{
    /// <summary>The Kubernetes resource quantity syntax (the pattern apimachinery publishes for int-or-string quantities).</summary>
    public const string QuantityPattern =
        @"^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$";

    /// <summary>Builds the schema of an object type: its JSON properties (sorted), required list, description and CEL rules.</summary>
    public static V1JSONSchemaProps ForObject(Type type)
    {
        var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } jsonName
                || property.GetCustomAttribute<JsonIgnoreAttribute>() is { Condition: JsonIgnoreCondition.Always })
            {
                continue;
            }

            properties.Add(jsonName.Name, ForProperty(property));
            if (property.GetCustomAttribute<RequiredAttribute>() is not null)
            {
                required.Add(jsonName.Name);
            }
        }

        return new V1JSONSchemaProps
        {
            Type = "object",
            Description = type.GetCustomAttribute<DescriptionAttribute>()?.Description,
            Properties = new Dictionary<string, V1JSONSchemaProps>(properties),
            Required = required.Count > 0 ? [.. required] : null,
            XKubernetesValidations = Validations(type.GetCustomAttributes<CelRuleAttribute>()),
        };
    }

    private static V1JSONSchemaProps ForProperty(PropertyInfo property)
    {
        var schema = ForType(property.PropertyType, property.GetCustomAttribute<PreserveUnknownFieldsAttribute>() is not null);
        if (property.GetCustomAttribute<DescriptionAttribute>() is { } description)
        {
            schema.Description = description.Description;
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { Value: { } defaultValue })
        {
            schema.DefaultProperty = JsonValue.Create(defaultValue switch
            {
                bool or string or int or long => defaultValue,
                _ => throw new NotSupportedException($"{property.DeclaringType?.Name}.{property.Name}: unsupported default of type {defaultValue.GetType().Name}"),
            });
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema.Minimum = Bound(range.Minimum);
            schema.Maximum = Bound(range.Maximum);
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } regex)
        {
            schema.Pattern = regex.Pattern;
        }

        if (property.GetCustomAttribute<SchemaFormatAttribute>() is { } format)
        {
            schema.Format = format.Format;
        }

        ApplyLengths(schema, property);

        if (property.GetCustomAttribute<ItemPatternAttribute>() is { } itemPattern)
        {
            ((V1JSONSchemaProps)schema.Items).Pattern = itemPattern.Pattern;
        }

        if (property.GetCustomAttribute<ListTypeAttribute>() is { } listType)
        {
            schema.XKubernetesListType = listType.ListType;
        }

        if (Validations(property.GetCustomAttributes<CelRuleAttribute>()) is { } rules)
        {
            schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], .. rules];
        }

        return schema;
    }

    private static void ApplyLengths(V1JSONSchemaProps schema, PropertyInfo property)
    {
        var min = property.GetCustomAttribute<MinLengthAttribute>()?.Length;
        var max = property.GetCustomAttribute<MaxLengthAttribute>()?.Length;
        if (min is null && max is null)
        {
            return;
        }

        switch (schema.Type)
        {
            case "string":
                (schema.MinLength, schema.MaxLength) = (min, max);
                break;
            case "array":
                (schema.MinItems, schema.MaxItems) = (min, max);
                break;
            case "object" when schema.AdditionalProperties is not null:
                (schema.MinProperties, schema.MaxProperties) = (min, max);
                break;
            default:
                throw new NotSupportedException($"{property.DeclaringType?.Name}.{property.Name}: length limits on a {schema.Type}");
        }
    }

    private static V1JSONSchemaProps ForType(Type type, bool preserveUnknownFields)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(ProviderType))
        {
            // An open set of names; the CRD's enum is filled from the provider catalog.
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type.IsEnum)
        {
            return new V1JSONSchemaProps { Type = "string", EnumProperty = [.. EnumValues(type)] };
        }

        if (type == typeof(JsonObject) || preserveUnknownFields)
        {
            return new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true };
        }

        if (type == typeof(V1ObjectMeta))
        {
            return new V1JSONSchemaProps { Type = "object" };
        }

        if (type == typeof(V1ResourceRequirements))
        {
            return ResourceRequirements();
        }

        if (type == typeof(V1Condition))
        {
            return Condition();
        }

        if (type == typeof(ResourceQuantity))
        {
            return Quantity();
        }

        if (type == typeof(IntOrString))
        {
            return new V1JSONSchemaProps { XKubernetesIntOrString = true, AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }] };
        }

        if (GenericArgumentsOf(type, typeof(IDictionary<,>)) is [var keyType, var valueType])
        {
            if (keyType != typeof(string))
            {
                throw new NotSupportedException($"{type.Name}: map keys must be strings");
            }

            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ForType(valueType, preserveUnknownFields: false) };
        }

        if (type != typeof(string) && GenericArgumentsOf(type, typeof(IEnumerable<>)) is [var itemType])
        {
            var array = new V1JSONSchemaProps { Type = "array", Items = ForType(itemType, preserveUnknownFields: false) };
            if (itemType == typeof(V1Condition))
            {
                // Conditions are merged by type, as in every built-in kind's status.
                array.XKubernetesListType = "map";
                array.XKubernetesListMapKeys = ["type"];
            }

            return array;
        }

        if (type.IsClass && !typeof(IEnumerable).IsAssignableFrom(type))
        {
            return ForObject(type);
        }

        throw new NotSupportedException($"no schema mapping for {type.FullName}");
    }

    private static Type[]? GenericArgumentsOf(Type type, Type openInterface)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == openInterface)
        {
            return type.GetGenericArguments();
        }

        return type.GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == openInterface)
            ?.GetGenericArguments();
    }

    private static IEnumerable<string> EnumValues(Type enumType) =>
        enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name
                ?? throw new NotSupportedException($"{enumType.Name}.{f.Name} has no [JsonStringEnumMemberName]"));

    private static double? Bound(object value)
    {
        var number = Convert.ToDouble(value, CultureInfo.InvariantCulture);

        // long.MaxValue means "no upper bound"; as a double it would not round-trip through int64 anyway.
        return Math.Abs(number) >= long.MaxValue ? null : number;
    }

    private static List<V1ValidationRule>? Validations(IEnumerable<CelRuleAttribute> rules)
    {
        var list = rules
            .Select(r => new V1ValidationRule { Rule = r.Rule, Message = r.Message, FieldPath = r.FieldPath })
            .ToList();
        return list.Count > 0 ? list : null;
    }

    private static V1JSONSchemaProps Quantity() => new()
    {
        AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
        Pattern = QuantityPattern,
        XKubernetesIntOrString = true,
    };

    private static V1JSONSchemaProps ResourceRequirements() => new()
    {
        Type = "object",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["limits"] = new()
            {
                Type = "object",
                Description = "Maximum compute resources (cpu, memory) of the container.",
                AdditionalProperties = Quantity(),
            },
            ["requests"] = new()
            {
                Type = "object",
                Description = "Compute resources (cpu, memory) the scheduler reserves for the container.",
                AdditionalProperties = Quantity(),
            },
        },
    };

    private static V1JSONSchemaProps Condition() => new()
    {
        Type = "object",
        Description = "A condition of the resource (metav1.Condition).",
        Properties = new Dictionary<string, V1JSONSchemaProps>
        {
            ["lastTransitionTime"] = new()
            {
                Type = "string",
                Format = "date-time",
                Description = "When the condition last changed status.",
            },
            ["message"] = new()
            {
                Type = "string",
                MaxLength = 32768,
                Description = "Human-readable details of the transition.",
            },
            ["observedGeneration"] = new()
            {
                Type = "integer",
                Format = "int64",
                Minimum = 0,
                Description = "The metadata.generation the condition was set for.",
            },
            ["reason"] = new()
            {
                Type = "string",
                MinLength = 1,
                MaxLength = 1024,
                Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
                Description = "Programmatic CamelCase identifier of the reason for the last transition.",
            },
            ["status"] = new()
            {
                Type = "string",
                EnumProperty = ["True", "False", "Unknown"],
                Description = "Status of the condition: True, False or Unknown.",
            },
            ["type"] = new()
            {
                Type = "string",
                MaxLength = 316,
                Pattern = @"^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
                Description = "Type of the condition in CamelCase: Ready, Reconciling or Stalled.",
            },
        },
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
    };
}
