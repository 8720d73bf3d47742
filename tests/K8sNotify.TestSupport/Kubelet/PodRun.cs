using System.Diagnostics;
using System.Globalization;
using k8s.Models;

namespace K8sNotify.TestSupport.Kubelet;

/// <summary>One pod of the stand-in: its dispatcher process, ports, volumes and probe state.</summary>
internal sealed class PodRun
{
    private const int KeptOutputLines = 300;
    private readonly Queue<string> _output = new();

    public PodRun(string ns, string name, string deployment, string templateHash, V1PodTemplateSpec template, string root, IReadOnlyDictionary<int, int> ports)
    {
        Namespace = ns;
        Name = name;
        Deployment = deployment;
        TemplateHash = templateHash;
        Template = template;
        Root = root;
        Ports = ports;
    }

    public string Namespace { get; }

    public string Name { get; }

    public string Deployment { get; }

    public string TemplateHash { get; }

    public V1PodTemplateSpec Template { get; }

    public string Root { get; }

    public IReadOnlyDictionary<int, int> Ports { get; }

    public Process? Process { get; private set; }

    public DateTime? StartedAt { get; private set; }

    public DateTime? ExitedAt { get; private set; }

    public int Restarts { get; private set; }

    public bool Ready { get; set; }

    public int ProbeFailures { get; set; }

    public DateTime NextProbe { get; set; }

    /// <summary>Why the container is not running (CreateContainerConfigError: a referenced Secret or key is missing).</summary>
    public string? Waiting { get; set; }

    public bool Terminating { get; set; }

    /// <summary>Completes once the process is gone and the Pod object deleted.</summary>
    public Task? Stopped { get; set; }

    public bool PodObjectCreated { get; set; }

    public string? WrittenStatus { get; set; }

    public Dictionary<string, string> VolumeHashes { get; } = new(StringComparer.Ordinal);

    public bool Running => Process is { HasExited: false };

    public string Output
    {
        get
        {
            lock (_output)
            {
                return string.Join('\n', _output);
            }
        }
    }

    public KubeletPod Snapshot() =>
        new(Namespace, Name, Deployment, TemplateHash, Running ? Process!.Id : null, Ports, Ready, Restarts, Root);

    public void Start(string dispatcherAssembly, IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        info.ArgumentList.Add(dispatcherAssembly);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // A container sees only its own variables; the host's K8SNOTIFY_* settings must not leak into a pod.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith(Api.Contract.DispatcherEnvironment.Prefix, StringComparison.Ordinal)).ToList())
        {
            info.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        if (Process is not null)
        {
            Restarts++;
            Process.Dispose();
        }

        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Process = process;
        StartedAt = DateTime.UtcNow;
        ExitedAt = null;
        Ready = false;
        ProbeFailures = 0;
        Waiting = null;
    }

    /// <summary>Notes the time the process was found exited (for the restart back-off).</summary>
    public void MarkExited() => ExitedAt ??= DateTime.UtcNow;

    /// <summary>SIGTERM, then SIGKILL once <paramref name="grace"/> has passed, as the kubelet stops a container.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        Ready = false;
        if (Process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync().ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().ConfigureAwait(false);
        }
    }

    /// <summary>SIGKILL at once (dispose of the stand-in).</summary>
    public void Kill()
    {
        if (Process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptOutputLines)
            {
                _output.Dequeue();
            }
        }
    }
}
