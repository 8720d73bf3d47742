namespace K8sNotify.Operator.Tests.Install;

/// <summary>One verb on one resource of one API group ("" is the core group).</summary>
internal readonly record struct RbacGrant(string ApiGroup, string Resource, string Verb)
{
    public override string ToString() => $"{(ApiGroup.Length == 0 ? "core" : ApiGroup)}/{Resource}:{Verb}";
}
