using System.Text.Json;
using K8sNotify.Dispatcher.Providers.Http;

namespace K8sNotify.Dispatcher.Providers.Fcm;

/// <summary>Maps FCM v1 error responses (google.rpc.Status with FcmError details) to delivery results.</summary>
public static class FcmErrors
{
    /// <summary>A classified FCM error: the result and whether the device token is dead (to be counted and pruned).</summary>
    public readonly record struct Classification(DeliveryResult Result, bool InvalidToken);

    /// <summary>Classifies a non-2xx FCM response from its status, JSON body and Retry-After.</summary>
    public static Classification Classify(int httpStatus, string? body, TimeSpan? retryAfter)
    {
        var (status, errorCode, tokenViolation) = Parse(body);
        var code = errorCode ?? status;
        var what = code is null ? $"FCM HTTP {httpStatus}" : $"FCM {code} (HTTP {httpStatus})";
        return code switch
        {
            "UNREGISTERED" => new(DeliveryResult.Permanent($"{what}: the device token is no longer registered") with { RecipientFault = RecipientFault.Gone }, true),
            "SENDER_ID_MISMATCH" => new(DeliveryResult.Permanent($"{what}: the device token belongs to another sender"), true),
            "INVALID_ARGUMENT" => new(DeliveryResult.Permanent(tokenViolation ? $"{what}: invalid device token" : $"{what}: invalid message"), tokenViolation),
            "QUOTA_EXCEEDED" or "RESOURCE_EXHAUSTED" or "UNAVAILABLE" or "INTERNAL" => new(DeliveryResult.Transient(what, retryAfter), false),
            "UNAUTHENTICATED" => new(DeliveryResult.Transient($"{what}: access token rejected, a new one is requested"), false),
            "THIRD_PARTY_AUTH_ERROR" => new(DeliveryResult.Misconfigured($"{what}: the APNs certificate or web push key was rejected"), false),
            "PERMISSION_DENIED" => new(DeliveryResult.Misconfigured($"{what}: the service account may not send for this project"), false),
            // A 404 without an FcmError detail is a wrong projectId or URL, not a dead token.
            "NOT_FOUND" => new(DeliveryResult.Misconfigured($"{what}: check spec.fcm.projectId and baseUrl"), false),
            _ when ProviderHttp.IsTransientStatus(httpStatus) => new(DeliveryResult.Transient(what, retryAfter), false),
            _ when httpStatus is 401 or 403 => new(DeliveryResult.Misconfigured(what), false),
            _ when httpStatus is >= 400 and < 500 => new(DeliveryResult.Permanent(what), false),
            _ => new(DeliveryResult.Transient(what, retryAfter), false),
        };
    }

    private static (string? Status, string? ErrorCode, bool TokenViolation) Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null, false);
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (!document.RootElement.TryGetProperty("error", out var error) || error.ValueKind != JsonValueKind.Object)
            {
                return (null, null, false);
            }

            var status = error.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null;
            var message = error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            string? errorCode = null;
            var tokenViolation = message?.Contains("registration token", StringComparison.OrdinalIgnoreCase) == true;
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray())
                {
                    if (detail.ValueKind != JsonValueKind.Object)
                    {
                        continue;
                    }

                    if (detail.TryGetProperty("errorCode", out var c) && c.ValueKind == JsonValueKind.String)
                    {
                        errorCode ??= c.GetString();
                    }

                    if (detail.TryGetProperty("fieldViolations", out var violations) && violations.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var violation in violations.EnumerateArray())
                        {
                            if (violation.ValueKind == JsonValueKind.Object && violation.TryGetProperty("field", out var field)
                                && field.ValueKind == JsonValueKind.String && field.GetString() == "message.token")
                            {
                                tokenViolation = true;
                            }
                        }
                    }
                }
            }

            return (status, errorCode, tokenViolation);
        }
        catch (JsonException)
        {
            return (null, null, false);
        }
    }
}
