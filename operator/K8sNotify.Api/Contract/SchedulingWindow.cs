using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Contract;

/// <summary>A Channel's scheduling horizon and park store retention, parsed and checked against each other.</summary>
public sealed record SchedulingWindow(TimeSpan Horizon, TimeSpan Retention)
{
    /// <summary>The horizon of a Channel that does not declare one.</summary>
    public static readonly TimeSpan DefaultHorizon = TimeSpan.FromDays(30);

    /// <summary>The longest horizon a Channel may declare.</summary>
    public static readonly TimeSpan MaxHorizon = TimeSpan.FromDays(366);

    /// <summary>How much longer than the horizon the park store keeps a notification by default.</summary>
    public static readonly TimeSpan DefaultRetentionMargin = TimeSpan.FromDays(1);

    /// <summary>
    /// The least the retention must exceed the horizon by: a notification parked for exactly the horizon must still
    /// be there when the scheduler (which may have been down for a while) reaches its slot.
    /// </summary>
    public static readonly TimeSpan MinRetentionMargin = TimeSpan.FromHours(1);

    /// <summary>The window of a Channel; throws <see cref="FormatException"/> for a value the schema would reject (use <see cref="Problem"/> first).</summary>
    public static SchedulingWindow Of(Channel channel)
    {
        var spec = channel.Spec.Scheduling;
        var horizon = Durations.ParseOrDefault(spec?.Horizon, DefaultHorizon);
        var retention = Durations.ParseOrDefault(spec?.Retention, horizon + DefaultRetentionMargin);
        return new SchedulingWindow(horizon, retention);
    }

    /// <summary>Why the Channel's scheduling settings cannot be used, naming the field; null when they are fine.</summary>
    public static string? Problem(Channel channel)
    {
        var spec = channel.Spec.Scheduling;
        if (spec is null)
        {
            return null;
        }

        if (!Durations.TryParse(spec.Horizon, out var horizon) || horizon <= TimeSpan.Zero)
        {
            return $"spec.scheduling.horizon: '{spec.Horizon}' is not a positive duration such as 30d";
        }

        if (horizon > MaxHorizon)
        {
            return $"spec.scheduling.horizon: {spec.Horizon} is longer than the maximum of {Durations.Format(MaxHorizon)}";
        }

        if (spec.Retention is null)
        {
            return null;
        }

        if (!Durations.TryParse(spec.Retention, out var retention))
        {
            return $"spec.scheduling.retention: '{spec.Retention}' is not a duration such as 31d";
        }

        return retention < horizon + MinRetentionMargin
            ? $"spec.scheduling.retention: {spec.Retention} does not fit the horizon {spec.Horizon}; the park store must keep notifications at least {Durations.Format(MinRetentionMargin)} longer than the horizon"
            : null;
    }
}
