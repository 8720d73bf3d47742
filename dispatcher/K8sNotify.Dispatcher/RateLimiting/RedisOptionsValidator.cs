using Microsoft.Extensions.Options;

namespace K8sNotify.Dispatcher.RateLimiting;

/// <summary>Checks at start that a configured Redis can be turned into connection options (URL, password file, Sentinel).</summary>
internal sealed class RedisOptionsValidator : IValidateOptions<RedisOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisOptions options)
    {
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            RedisConnection.BuildConfiguration(options);
            return ValidateOptionsResult.Success;
        }
        catch (ArgumentException e)
        {
            return ValidateOptionsResult.Fail($"Redis ({RedisOptions.ConfigurationVariable} / --redis): {e.Message}");
        }
    }
}
