using System.Collections.Frozen;

namespace K8sNotify.Dispatcher.Providers.Slack;

/// <summary>
/// Classifies Slack's error codes (the <c>error</c> of a Web API answer, or the body of a failed incoming webhook call).
/// Credential, channel and workspace problems are misconfigured (the Provider must be fixed; another may work);
/// content problems are permanent; rate limits and Slack's own failures are transient.
/// </summary>
public static class SlackErrors
{
    private static readonly FrozenSet<string> Misconfigured = new[]
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired", "no_permission",
        "missing_scope", "not_allowed_token_type", "access_denied", "ekm_access_denied", "team_access_not_granted",
        "org_login_required", "enterprise_is_restricted", "restricted_action", "restricted_action_read_only_channel",
        "restricted_action_thread_only_channel", "restricted_action_non_threadable_channel", "channel_not_found",
        "not_in_channel", "is_archived", "channel_is_archived", "action_prohibited", "no_service", "no_service_id",
        "no_team", "team_disabled", "invalid_token", "posting_to_general_channel_denied", "deprecated_endpoint",
    }.ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> Transient = new[]
    {
        "ratelimited", "rate_limited", "fatal_error", "internal_error", "service_unavailable", "request_timeout",
        "rollup_error",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>True for text shaped like one of Slack's error words (lower-case letters, digits and underscores).</summary>
    public static bool IsErrorWord(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_');

    /// <summary>The result for Slack error <paramref name="code"/>; unknown codes are permanent so nothing is retried forever.</summary>
    public static DeliveryResult Classify(string code, TimeSpan? retryAfter)
    {
        // The code is Slack's vocabulary (lower-case words); anything else is not echoed.
        var safe = IsErrorWord(code) ? code : "unrecognised error";
        if (Transient.Contains(code))
        {
            return DeliveryResult.Transient($"slack {safe}", retryAfter);
        }

        return Misconfigured.Contains(code)
            ? DeliveryResult.Misconfigured($"slack {safe}: check the Provider's token, webhook URL or channel")
            : DeliveryResult.Permanent($"slack {safe}");
    }
}
