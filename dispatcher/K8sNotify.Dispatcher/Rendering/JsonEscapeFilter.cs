using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid;
using Fluid.Values;

namespace K8sNotify.Dispatcher.Rendering;

/// <summary>
/// The Liquid filter <c>json_escape</c>: escapes a value for use inside a JSON string literal
/// (<c>"name": "{{ name | json_escape }}"</c>), so quotes, backslashes and control characters in data cannot break a
/// JSON body a Template renders. Fluid's built-in <c>json</c> filter writes a whole JSON value instead.
/// </summary>
public static class JsonEscapeFilter
{
    /// <summary>The filter's name in templates.</summary>
    public const string Name = "json_escape";

    /// <summary>Adds the filter to <paramref name="options"/>.</summary>
    public static TemplateOptions WithJsonEscape(this TemplateOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Filters.AddFilter(Name, Escape);
        return options;
    }

    /// <summary>The escaped text of <paramref name="input"/> (without surrounding quotes).</summary>
    public static ValueTask<FluidValue> Escape(FluidValue input, FilterArguments arguments, TemplateContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);

        // Relaxed escaping keeps non-ASCII text readable; quotes, backslashes and control characters are still escaped.
        var encoded = JsonEncodedText.Encode(input.ToStringValue(), JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
        return new StringValue(encoded.Value, encode: false);
    }
}
