using System.Text.Json;
using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Api;

/// <summary>Reads a request body up to a limit, so an oversized body is refused (413) without being buffered whole.</summary>
public static class RequestBody
{
    /// <summary>The body, or null when it is longer than <paramref name="limit"/> bytes.</summary>
    public static async Task<ReadOnlyMemory<byte>?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>The body as JSON of <typeparamref name="T"/>, or the problem answer: 413 over <paramref name="limit"/>, 400 for malformed JSON.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpContext context, int limit, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (await ReadAsync(context.Request, limit, context.RequestAborted).ConfigureAwait(false) is not { } body)
        {
            return (default, Problems.TooLarge(limit));
        }

        try
        {
            return (JsonSerializer.Deserialize<T>(body.Span, options), null);
        }
        catch (JsonException e)
        {
            return (default, Problems.Invalid([new FieldError("", $"malformed JSON: {e.Message}")]));
        }
    }
}
