using System.Diagnostics;
using System.Security.Cryptography;

namespace K8sNotify.TestSupport.Kubelet;

/// <summary>
/// Writes a ConfigMap or Secret volume the way the kubelet's atomic writer does: the files go into a fresh
/// <c>..&lt;timestamp&gt;</c> directory, the <c>..data</c> symlink is swapped to it with one rename, and every key is a
/// symlink <c>key → ..data/key</c>, so a reader never sees half of an update.
/// </summary>
internal static class AtomicVolumeWriter
{
    private const string DataLink = "..data";

    /// <summary>Writes <paramref name="files"/> unless their hash equals <paramref name="previousHash"/>; returns the new hash.</summary>
    public static string Write(string directory, IReadOnlyDictionary<string, byte[]> files, string? previousHash)
    {
        var hash = Hash(files);
        if (hash == previousHash)
        {
            return hash;
        }

        Directory.CreateDirectory(directory);
        var stamp = ".." + DateTime.UtcNow.ToString("yyyy_MM_dd_HH_mm_ss.fffffff", System.Globalization.CultureInfo.InvariantCulture);
        var stampPath = Path.Combine(directory, stamp);
        Directory.CreateDirectory(stampPath);
        foreach (var (key, content) in files)
        {
            var file = Path.Combine(stampPath, key);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, content);
        }

        var link = Path.Combine(directory, DataLink);
        var previous = File.Exists(link) || Directory.Exists(link) ? new FileInfo(link).LinkTarget : null;
        var temporary = Path.Combine(directory, DataLink + "_tmp");
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, stamp);
        Rename(temporary, link);

        foreach (var top in files.Keys.Select(k => k.Split('/')[0]).Distinct(StringComparer.Ordinal))
        {
            var keyLink = Path.Combine(directory, top);
            if (new FileInfo(keyLink).LinkTarget is null && !Directory.Exists(keyLink))
            {
                File.CreateSymbolicLink(keyLink, Path.Combine(DataLink, top));
            }
        }

        RemoveVanishedKeys(directory, files);
        if (previous is not null && previous != stamp)
        {
            Directory.Delete(Path.Combine(directory, previous), recursive: true);
        }

        return hash;
    }

    // rename(2) replaces the old ..data symlink atomically; mv -T does exactly that call.
    private static void Rename(string from, string to)
    {
        using var mv = Process.Start(new ProcessStartInfo("mv", ["-T", "-f", from, to]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("could not start mv");
        mv.WaitForExit();
        if (mv.ExitCode != 0)
        {
            throw new IOException($"mv -T {from} {to} failed with {mv.ExitCode}");
        }
    }

    private static void RemoveVanishedKeys(string directory, IReadOnlyDictionary<string, byte[]> files)
    {
        var keep = files.Keys.Select(k => k.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            if (!entry.Name.StartsWith("..", StringComparison.Ordinal) && entry.LinkTarget is not null && !keep.Contains(entry.Name))
            {
                entry.Delete();
            }
        }
    }

    private static string Hash(IReadOnlyDictionary<string, byte[]> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (key, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            sha.AppendData(System.Text.Encoding.UTF8.GetBytes(key + "\0"));
            sha.AppendData(SHA256.HashData(content));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
