namespace K8sNotify.Dispatcher.Pipeline;

/// <summary>When a recipient's notification must be looked at again, and whether that wait belongs in the park store regardless of its length.</summary>
public sealed record RecipientWait(DateTimeOffset Due, bool MustPark, string Reason, int Attempts)
{
    /// <summary>The wait that comes first; a message waits for its earliest recipient (the others are re-decided then).</summary>
    public static RecipientWait? Earliest(RecipientWait? a, RecipientWait? b) =>
        a is null ? b : b is null ? a : b.Due < a.Due ? b with { MustPark = a.MustPark || b.MustPark } : a with { MustPark = a.MustPark || b.MustPark };
}
