using System.ComponentModel;
using System.Reflection;
using k8s.Models;
using K8sNotify.Api.Contract;
using K8sNotify.Api.Providers;
using K8sNotify.Api.Schema;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Operator.Crds;

/// <summary>Builds the CustomResourceDefinitions of notify.k8snotify.io from the C# API types.</summary>
internal static class CrdGenerator
{
    /// <summary>The kinds of the API with their short names, in the order their files are written.</summary>
    public static IReadOnlyList<(Type Kind, string ShortName)> Kinds { get; } =
    [
        (typeof(Channel), "nch"),
        (typeof(Provider), "nprov"),
        (typeof(Template), "ntpl"),
    ];

    /// <summary>Builds the CRD of every kind.</summary>
    public static IReadOnlyList<V1CustomResourceDefinition> GenerateAll(ProviderCatalog? catalog = null) =>
        [.. Kinds.Select(k => Generate(k.Kind, k.ShortName, catalog))];

    /// <summary>Builds the CRD of one kind: a single served and stored version with a status subresource.</summary>
    public static V1CustomResourceDefinition Generate(Type kindType, string shortName, ProviderCatalog? catalog = null)
    {
        var entity = kindType.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{kindType.Name} has no [KubernetesEntity]", nameof(kindType));

        var schema = OpenApiSchemaBuilder.ForObject(kindType);
        schema.Description = kindType.GetCustomAttribute<DescriptionAttribute>()?.Description;
        schema.Properties["apiVersion"].Description = "Versioned schema of this representation of the object (" + ApiGroup.ApiVersion + ").";
        schema.Properties["kind"].Description = "The REST resource this object represents (" + entity.Kind + ").";
        schema.Properties["metadata"].Description = "Standard object metadata.";
        if (kindType == typeof(Provider))
        {
            ProviderSpecSchema.AddSettingsBlocks(schema.Properties["spec"], catalog ?? ProviderCatalog.BuiltIn);
        }

        return new V1CustomResourceDefinition
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = $"{entity.PluralName}.{entity.Group}",
                Labels = new Dictionary<string, string>
                {
                    [DispatcherLabels.Name] = DispatcherLabels.Product,
                    [DispatcherLabels.PartOf] = DispatcherLabels.Product,
                },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = entity.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = entity.Kind,
                    ListKind = entity.Kind + "List",
                    Plural = entity.PluralName,
                    Singular = entity.Kind.ToLowerInvariant(),
                    ShortNames = [shortName],
                    Categories = [ApiGroup.Category],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = entity.ApiVersion,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = schema },
                        Subresources = new V1CustomResourceSubresources { Status = new Dictionary<string, object>() },
                        AdditionalPrinterColumns = [.. PrinterColumns(kindType)],
                    },
                ],
            },
        };
    }

    private static IEnumerable<V1CustomResourceColumnDefinition> PrinterColumns(Type kindType) =>
        kindType.GetCustomAttributes<PrinterColumnAttribute>()
            .OrderBy(c => c.Order)
            .ThenBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new V1CustomResourceColumnDefinition
            {
                Name = c.Name,
                Type = c.Type,
                JsonPath = c.JsonPath,
                Description = c.Description,
                Priority = c.Priority == 0 ? null : c.Priority,
            });
}
