using K8sNotify.Operator.Crds;
using K8sNotify.TestSupport;

namespace K8sNotify.Operator.Tests.Crds;

public sealed class CrdDriftTests : IDisposable
{
    private readonly string _output = Path.Combine(Path.GetTempPath(), "k8snotify-crds-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_output))
        {
            Directory.Delete(_output, recursive: true);
        }
    }

    [Fact]
    public void Run_RegeneratedCrds_MatchCommittedFilesByteForByte()
    {
        var exitCode = GenerateCrdsCommand.Run(["--output", _output], TextWriter.Null, TextWriter.Null);

        Assert.Equal(0, exitCode);
        var committed = RepositoryRoot.Combine("crds");
        var expectedFiles = FileNames(_output);
        Assert.Equal(expectedFiles, FileNames(committed));
        foreach (var name in expectedFiles)
        {
            var generated = File.ReadAllBytes(Path.Combine(_output, name));
            var onDisk = File.ReadAllBytes(Path.Combine(committed, name));
            Assert.True(
                generated.AsSpan().SequenceEqual(onDisk),
                $"crds/{name} differs from the generator's output; run `{GenerateCrdsCommand.RegenerateCommand}` and commit the result");
        }
    }

    [Fact]
    public void Render_CalledTwice_IsDeterministic()
    {
        Assert.Equal(GenerateCrdsCommand.Render(), GenerateCrdsCommand.Render());
    }

    [Fact]
    public void Run_UnknownArgument_FailsWithUsage()
    {
        var error = new StringWriter();

        var exitCode = GenerateCrdsCommand.Run(["--outptu", _output], TextWriter.Null, error);

        Assert.Equal(2, exitCode);
        Assert.Contains("--outptu", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_output));
    }

    [Fact]
    public void OperatorDocs_RegeneratingSection_NamesTheGeneratorCommand()
    {
        var operatorDocs = File.ReadAllText(RepositoryRoot.Combine("docs", "operator.md"));

        Assert.Contains(GenerateCrdsCommand.RegenerateCommand, operatorDocs, StringComparison.Ordinal);
    }

    private static string[] FileNames(string directory) =>
        [.. Directory.EnumerateFiles(directory).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];
}
