using System.Text.Json;
using System.Text.Json.Serialization;

namespace K8sNotify.Client;

/// <summary>
/// The <c>to</c> of a notification: one address (a JSON string) or a list (a JSON array, one notification per entry).
/// A string converts to it implicitly.
/// </summary>
[JsonConverter(typeof(RecipientsJsonConverter))]
public sealed class Recipients
{
    private Recipients(IReadOnlyList<string> addresses, bool isList)
    {
        Addresses = addresses;
        IsList = isList;
    }

    /// <summary>The addresses (email, phone number, device token, chat target) in order.</summary>
    public IReadOnlyList<string> Addresses { get; }

    /// <summary>Whether <c>to</c> is a list; its notifications then have the ids <c>id:0</c>, <c>id:1</c>, ….</summary>
    public bool IsList { get; }

    /// <summary>A single recipient.</summary>
    public static Recipients One(string address)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return new Recipients([address], false);
    }

    /// <summary>A list of recipients (1 to 1,000), each getting its own notification.</summary>
    public static Recipients Many(IEnumerable<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var list = addresses.ToList();
        if (list.Count == 0 || list.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("a recipient list needs at least one non-empty address", nameof(addresses));
        }

        return new Recipients(list, true);
    }

    /// <summary>A single recipient.</summary>
    public static implicit operator Recipients(string address) => One(address);

    /// <summary>A single recipient (the named alternative of the implicit conversion).</summary>
    public static Recipients FromString(string address) => One(address);
}

/// <summary>Writes <see cref="Recipients"/> as a string or an array and reads either back.</summary>
internal sealed class RecipientsJsonConverter : JsonConverter<Recipients>
{
    public override Recipients Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String
            ? Recipients.One(reader.GetString()!)
            : Recipients.Many(JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? []);

    public override void Write(Utf8JsonWriter writer, Recipients value, JsonSerializerOptions options)
    {
        if (!value.IsList)
        {
            writer.WriteStringValue(value.Addresses[0]);
            return;
        }

        writer.WriteStartArray();
        foreach (var address in value.Addresses)
        {
            writer.WriteStringValue(address);
        }

        writer.WriteEndArray();
    }
}
