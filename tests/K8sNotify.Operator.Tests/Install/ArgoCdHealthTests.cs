using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using K8sNotify.Api.Manifests;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Install;

/// <summary>
/// Runs docs/gitops/argocd-health.lua with a real Lua 5.4 interpreter (Argo CD embeds gopher-lua, a Lua 5.1
/// implementation; the script uses only what both have) against sample objects, as Argo CD does: the object is
/// the global <c>obj</c> and the script returns <c>{status, message}</c>.
/// </summary>
public sealed class ArgoCdHealthTests
{
    private const string Lua = "lua5.4";
    private static readonly string Script = RepositoryRoot.Combine("docs", "gitops", "argocd-health.lua");

    [Theory]
    [InlineData("metadata: {generation: 1}", "Progressing", "Waiting for the K8sNotify operator")]
    [InlineData("""
        metadata: {generation: 3}
        status:
          observedGeneration: 2
          conditions: [{type: Ready, status: "True", reason: Ready, message: ok, observedGeneration: 2}]
        """, "Progressing", "observe generation 3")]
    [InlineData("""
        metadata: {generation: 2}
        status:
          observedGeneration: 2
          conditions:
          - {type: Ready, status: "True", reason: Ready, message: "dispatcher 2/2 ready", observedGeneration: 2}
          - {type: Reconciling, status: "False", reason: Reconciled, message: "", observedGeneration: 2}
          - {type: Stalled, status: "False", reason: Reconciled, message: "", observedGeneration: 2}
        """, "Healthy", "dispatcher 2/2 ready")]
    [InlineData("""
        metadata: {generation: 2}
        status:
          observedGeneration: 2
          conditions:
          - {type: Ready, status: "True", reason: Ready, message: stale, observedGeneration: 1}
        """, "Progressing", "Waiting for the K8sNotify operator")]
    [InlineData("""
        metadata: {generation: 4}
        status:
          observedGeneration: 4
          conditions:
          - {type: Ready, status: "False", reason: TemplateNotFound, message: "template welcome not found", observedGeneration: 4}
          - {type: Reconciling, status: "False", reason: Reconciled, observedGeneration: 4}
          - {type: Stalled, status: "True", reason: TemplateNotFound, message: "template welcome not found", observedGeneration: 4}
        """, "Degraded", "TemplateNotFound: template welcome not found")]
    [InlineData("""
        metadata: {generation: 1}
        status:
          observedGeneration: 1
          conditions:
          - {type: Ready, status: "False", reason: RollingOut, message: "1/2 replicas", observedGeneration: 1}
          - {type: Reconciling, status: "True", reason: RollingOut, message: "1/2 replicas", observedGeneration: 1}
          - {type: Stalled, status: "False", reason: Reconciled, observedGeneration: 1}
        """, "Progressing", "RollingOut: 1/2 replicas")]
    public async Task HealthScript_SampleChannel_ReturnsArgoStatus(string yaml, string status, string message)
    {
        var channel = (JsonObject)YamlJson.ParseDocuments("apiVersion: notify.k8snotify.io/v1alpha1\nkind: Channel\n" + yaml)[0];

        var (actualStatus, actualMessage) = await RunAsync(channel);

        Assert.Equal(status, actualStatus);
        Assert.Contains(message, actualMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Channel")]
    [InlineData("Template")]
    [InlineData("Provider")]
    public void GitOpsDoc_EmbedsTheTestedScriptForEachKind(string kind)
    {
        var doc = File.ReadAllText(RepositoryRoot.Combine("docs", "gitops.md"));
        var key = $"resource.customizations.health.notify.k8snotify.io_{kind}: |";
        var start = doc.IndexOf(key, StringComparison.Ordinal);
        Assert.True(start >= 0, $"docs/gitops.md has no '{key}'");

        var indent = "    ";
        var embedded = string.Join('\n', doc[(doc.IndexOf('\n', start) + 1)..].Split('\n')
            .TakeWhile(l => l.StartsWith(indent, StringComparison.Ordinal) || l.Length == 0)
            .Select(l => l.Length == 0 ? l : l[indent.Length..])).TrimEnd();
        Assert.Equal(File.ReadAllText(Script).TrimEnd(), embedded);
    }

    internal static async Task<(string Status, string Message)> RunAsync(JsonObject obj)
    {
        var harness = Path.Combine(Path.GetTempPath(), $"k8snotify-argocd-{Guid.NewGuid():N}.lua");
        var script = Script.Replace("\\", "\\\\", StringComparison.Ordinal);
        await File.WriteAllTextAsync(harness, $"obj = {ToLua(obj)}\nlocal hs = dofile(\"{script}\")\nio.write(hs.status, \"\\n\", hs.message)\n", TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo(Lua, [harness]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Lua} could not be started");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"{Lua} failed: {await stderr}");
            var lines = (await stdout).Split('\n', 2);
            return (lines[0], lines.Length > 1 ? lines[1] : "");
        }
        finally
        {
            File.Delete(harness);
        }
    }

    // A Lua table constructor for a JSON value; JSON null becomes an absent field, as in Argo CD's conversion.
    private static string ToLua(JsonNode? node) => node switch
    {
        JsonObject obj => "{" + string.Join(", ", obj.Where(p => p.Value is not null).Select(p => $"[{Quote(p.Key)}] = {ToLua(p.Value)}")) + "}",
        JsonArray array => "{" + string.Join(", ", array.Select(ToLua)) + "}",
        JsonValue value when value.TryGetValue<bool>(out var b) => b ? "true" : "false",
        JsonValue value when value.TryGetValue<long>(out var l) => l.ToString(CultureInfo.InvariantCulture),
        JsonValue value when value.TryGetValue<double>(out var d) => d.ToString("R", CultureInfo.InvariantCulture),
        JsonValue value => Quote(value.ToString()),
        _ => "nil",
    };

    private static string Quote(string text)
    {
        var builder = new StringBuilder("\"");
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '\\' => "\\\\",
                '"' => "\\\"",
                '\n' => "\\n",
                '\r' => "\\r",
                _ => c.ToString(),
            });
        }

        return builder.Append('"').ToString();
    }
}
