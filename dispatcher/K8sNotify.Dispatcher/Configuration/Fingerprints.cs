using System.IO.Hashing;
using System.Text;

namespace K8sNotify.Dispatcher.Configuration;

/// <summary>Content hashes of config files, so a reload happens exactly when something changed (including ConfigMap symlink swaps).</summary>
internal static class Fingerprints
{
    public static string OfFiles(IEnumerable<string> files)
    {
        var hash = new XxHash64();
        foreach (var file in files)
        {
            hash.Append(Encoding.UTF8.GetBytes(file));
            try
            {
                hash.Append(File.ReadAllBytes(file));
            }
            catch (IOException)
            {
                hash.Append("<unreadable>"u8);
            }
            catch (UnauthorizedAccessException)
            {
                hash.Append("<forbidden>"u8);
            }
        }

        return Convert.ToHexString(hash.GetCurrentHash());
    }
}
