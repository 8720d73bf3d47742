namespace K8sNotify.Client.Tests.Support;

/// <summary>The test classes that share one nats-server and dispatcher (<see cref="DispatcherFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class DispatcherCollection : ICollectionFixture<DispatcherFixture>
{
    public const string Name = "dispatcher";
}
