using System.Globalization;

namespace K8sNotify.Bench.Proof;

/// <summary>Reads a process's CPU time and peak resident set from /proc (Linux), and the machine's load average.</summary>
internal static class ProcStats
{
    /// <summary>USER_HZ: the unit of utime/stime in /proc/&lt;pid&gt;/stat; 100 on every mainstream Linux build.</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>User + system CPU seconds the process has used so far, or 0 when it is gone.</summary>
    public static double CpuSeconds(int pid) => CpuSecondsOfStat($"/proc/{pid}/stat");

    private static double CpuSecondsOfStat(string path)
    {
        try
        {
            var stat = File.ReadAllText(path);

            // The command name (field 2) may contain spaces; the fields after its closing parenthesis are fixed.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var utime = long.Parse(fields[11], CultureInfo.InvariantCulture);
            var stime = long.Parse(fields[12], CultureInfo.InvariantCulture);
            return (utime + stime) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>
    /// CPU seconds used so far by the process's threads whose name starts with <paramref name="threadNamePrefix"/> (for
    /// example <c>.NET Tiered Com</c>, the runtime's background JIT that recompiles hot methods), or 0 when it is gone.
    /// </summary>
    public static double ThreadCpuSeconds(int pid, string threadNamePrefix)
    {
        double total = 0;
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).StartsWith(threadNamePrefix, StringComparison.Ordinal))
                {
                    total += CpuSecondsOfStat(Path.Combine(task, "stat"));
                }
            }
        }
        catch (IOException)
        {
            // The process or the thread ended meanwhile.
        }

        return total;
    }

    /// <summary>VmHWM: the peak resident set size of the process so far, in MB, or 0 when it is gone.</summary>
    public static double PeakRssMb(int pid) => StatusKb(pid, "VmHWM:") / 1024.0;

    /// <summary>The resident set now by kind, MB: anonymous (heaps, jitted code), file-backed (mapped assemblies), shared (W^X double-mapped code).</summary>
    public static Operator.RssBreakdown RssBreakdownMb(int pid) =>
        new(StatusKb(pid, "RssAnon:") / 1024.0, StatusKb(pid, "RssFile:") / 1024.0, StatusKb(pid, "RssShmem:") / 1024.0);

    /// <summary>The 1, 5 and 15 minute load averages.</summary>
    public static IReadOnlyList<double> LoadAverage()
    {
        try
        {
            return [.. File.ReadAllText("/proc/loadavg").Split(' ').Take(3).Select(v => double.Parse(v, CultureInfo.InvariantCulture))];
        }
        catch (IOException)
        {
            return [];
        }
    }

    /// <summary>Busy CPU time over all cores so far (every /proc/stat "cpu" field but idle and iowait), in seconds.</summary>
    public static double MachineBusySeconds()
    {
        try
        {
            var line = File.ReadLines("/proc/stat").First(l => l.StartsWith("cpu ", StringComparison.Ordinal));
            var ticks = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToList();

            // user nice system idle iowait irq softirq steal ...: drop idle (3) and iowait (4).
            return ticks.Where((_, i) => i is not 3 and not 4).Take(6).Sum() / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    public static long MemoryTotalMb()
    {
        try
        {
            var line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static long StatusKb(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return 0;
        }
    }
}
