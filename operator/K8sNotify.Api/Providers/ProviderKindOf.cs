using System.Text.Json;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Providers;

/// <summary>A <see cref="ProviderKind"/> whose settings block is a <typeparamref name="TSettings"/>; provider types derive from this.</summary>
public abstract class ProviderKind<TSettings> : ProviderKind
    where TSettings : class
{
    public sealed override Type SettingsType => typeof(TSettings);

    /// <summary>The settings block, or null when the spec has none; throws <see cref="ProviderSettingsException"/> when it is malformed.</summary>
    public TSettings? SettingsOf(ProviderSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!spec.Blocks.TryGetValue(Type.Name, out var block) || block.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        try
        {
            return block.Deserialize<TSettings>(JsonOptions)
                ?? throw new ProviderSettingsException($"spec.{Type.Name} must be an object");
        }
        catch (JsonException e)
        {
            // The message names the JSON path and the expected type; it never contains Secret values (none are inline).
            throw new ProviderSettingsException($"spec.{Type.Name} is malformed: {e.Message}", e);
        }
    }

    /// <summary>The settings block, or null when the spec is of another type, has none or has a malformed one.</summary>
    public TSettings? TryGetSettings(ProviderSpec spec)
    {
        try
        {
            return spec.Type == Type ? SettingsOf(spec) : null;
        }
        catch (ProviderSettingsException)
        {
            return null;
        }
    }

    /// <summary>The settings block; throws <see cref="ProviderSettingsException"/> when it is missing or malformed.</summary>
    public TSettings RequiredSettingsOf(ProviderSpec spec) =>
        SettingsOf(spec) ?? throw new ProviderSettingsException($"spec.{Type.Name} is required when spec.type is {Type.Name}");

    /// <summary>A spec of this type carrying <paramref name="settings"/> (for code and tests that build Providers).</summary>
    public ProviderSpec NewSpec(TSettings settings) => Configure(new ProviderSpec(), settings);

    /// <summary>Makes <paramref name="spec"/> of this type with <paramref name="settings"/> as its only block, and returns it.</summary>
    public ProviderSpec Configure(ProviderSpec spec, TSettings settings)
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Type = Type;
        spec.Blocks.Clear();
        spec.Blocks[Type.Name] = JsonSerializer.SerializeToElement(settings, JsonOptions);
        return spec;
    }

    public sealed override IReadOnlyList<string> Validate(ProviderSpec spec)
    {
        try
        {
            return SettingsOf(spec) is { } settings ? [.. Validate(settings)] : [$"spec.{Type.Name} is required when type is {Type.Name}"];
        }
        catch (ProviderSettingsException e)
        {
            return [e.Message];
        }
    }

    public sealed override IEnumerable<SecretKeyReference> SecretReferences(ProviderSpec spec)
    {
        TSettings? settings;
        try
        {
            settings = SettingsOf(spec);
        }
        catch (ProviderSettingsException)
        {
            // A malformed block is reported by Validate; it references nothing that could be mounted.
            yield break;
        }

        if (settings is null)
        {
            yield break;
        }

        foreach (var reference in SecretReferences(settings))
        {
            yield return reference;
        }
    }

    /// <summary>The checks of a present block beyond the CRD schema; none by default.</summary>
    protected virtual IEnumerable<string> Validate(TSettings settings) => [];

    /// <summary>The Secret keys a present block references.</summary>
    protected abstract IEnumerable<SecretKeyReference> SecretReferences(TSettings settings);
}
