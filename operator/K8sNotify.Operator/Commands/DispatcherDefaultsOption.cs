using System.CommandLine;

namespace K8sNotify.Operator.Commands;

/// <summary>The <c>--dispatcher-defaults FILE</c> option of <c>run</c> and <c>render</c>.</summary>
internal static class DispatcherDefaultsOption
{
    public const string Name = "--dispatcher-defaults";

    public static Option<string?> Create() => new(Name)
    {
        Description = "A YAML file of podTemplate and networkPolicy defaults for every dispatcher (Channels override them).",
        HelpName = "FILE",
    };
}
