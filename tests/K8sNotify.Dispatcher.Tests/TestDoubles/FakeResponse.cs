namespace K8sNotify.Dispatcher.Tests.TestDoubles;

/// <summary>What a <see cref="LoopbackHttpServer"/> answers; <see cref="Hang"/> never answers (until the client gives up).</summary>
public sealed record FakeResponse(int Status, string? Body = null, IReadOnlyDictionary<string, string>? Headers = null, string ContentType = "application/json", bool Hang = false)
{
    public static readonly FakeResponse Hanging = new(0, Hang: true);

    public static FakeResponse Json(int status, string body, IReadOnlyDictionary<string, string>? headers = null) => new(status, body, headers);

    public static FakeResponse Empty(int status, IReadOnlyDictionary<string, string>? headers = null) => new(status, null, headers);
}
