namespace K8sNotify.Bench.Operator;

/// <summary>Resident memory by kind, in MiB (from /proc/PID/status): anonymous, file-backed (mapped assemblies), shared (W^X double-mapped code).</summary>
internal sealed record RssBreakdown(double Anonymous, double File, double Shared);
