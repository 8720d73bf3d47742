using System.Diagnostics;
using System.Globalization;
using System.Text;
using K8sNotify.TestSupport;
using K8sNotify.TestSupport.Processes;

namespace K8sNotify.ControlPlane.Tests.DevCluster;

/// <summary>The host behind ./dev-cluster.sh, run as a child process: its readiness line, the files it writes, and a clean stop.</summary>
public sealed class DevClusterHostTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task Run_UntilSigterm_WritesKubeconfigAndEnvThenStopsEveryChild()
    {
        foreach (var reason in new[] { Kubectl.UnavailableReason, NatsServer.UnavailableReason, RedisServer.UnavailableReason })
        {
            if (reason is not null)
            {
                Assert.Skip(reason);
            }
        }

        var state = Directory.CreateTempSubdirectory("k8snotify-dev-cluster-").FullName;
        var output = new StringBuilder();
        using var host = StartHost(state, output);
        try
        {
            await Poll.UntilAsync(() => Task.FromResult(Printed(output, "dev-cluster ready") || host.HasExited), "the host's readiness line", StartTimeout, TestContext.Current.CancellationToken);
            Assert.False(host.HasExited, Printed(output));

            var env = await File.ReadAllLinesAsync(Path.Combine(state, "env"), TestContext.Current.CancellationToken);
            Assert.Matches(@"^NATS_URL=nats://127\.0\.0\.1:\d+$", env[0]);
            Assert.Matches(@"^REDIS_URL=127\.0\.0\.1:\d+$", env[1]);
            var kubectl = new Kubectl(Path.Combine(state, "kubeconfig"), Path.Combine(state, "cache"));
            var crds = (await kubectl.RunAsync("get", "crd", "-o", "name")).EnsureSuccess().Stdout;
            Assert.Contains("customresourcedefinition.apiextensions.k8s.io/channels.notify.k8snotify.io", crds, StringComparison.Ordinal);

            // The operator runs with leader election: it takes the Lease.
            await Poll.UntilAsync(
                async () => (await kubectl.RunAsync("get", "lease", "k8snotify-operator", "-o", "jsonpath={.spec.holderIdentity}")).Stdout == "dev-cluster-operator",
                "the operator holding its Lease",
                TimeSpan.FromSeconds(60),
                TestContext.Current.CancellationToken);

            var children = (await File.ReadAllLinesAsync(Path.Combine(state, "pids"), TestContext.Current.CancellationToken))
                .Select(line => line.Split(' ')).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture));
            Assert.Equal(["nats-server", "operator", "redis-server"], children.Keys.Order(StringComparer.Ordinal));
            Assert.All(children.Values, pid => Assert.True(IsAlive(pid), $"pid {pid} runs"));

            using (var term = Process.Start("kill", ["-TERM", host.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync(TestContext.Current.CancellationToken);
            }

            using var exited = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            exited.CancelAfter(TimeSpan.FromSeconds(60));
            await host.WaitForExitAsync(exited.Token);
            Assert.Equal(0, host.ExitCode);
            Assert.All(children, child => Assert.False(IsAlive(child.Value), $"{child.Key} (pid {child.Value}) still runs after the host stopped"));
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
            }

            Directory.Delete(state, recursive: true);
        }
    }

    private static Process StartHost(string state, StringBuilder output)
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Debug" : "Release";
        var dll = RepositoryRoot.Combine("tests", "K8sNotify.DevCluster", "bin", configuration, "net10.0", "k8snotify-dev-cluster.dll");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var arg in new[] { dll, $"--DevCluster:StateDirectory={state}" })
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        process.OutputDataReceived += (_, e) => Append(output, e.Data);
        process.ErrorDataReceived += (_, e) => Append(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder output, string? line)
    {
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static bool Printed(StringBuilder output, string line)
    {
        lock (output)
        {
            return output.ToString().Contains(line, StringComparison.Ordinal);
        }
    }

    private static string Printed(StringBuilder output)
    {
        lock (output)
        {
            return output.ToString();
        }
    }

    private static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
}
