using System.ComponentModel.DataAnnotations;

namespace K8sNotify.Operator.Runtime.Tests;

public sealed class OperatorOptionsTests
{
    private static List<ValidationResult> Validate(OperatorOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return results;
    }

    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Empty(Validate(new OperatorOptions { LeaseNamespace = "k8snotify-system", Identity = "pod-0" }));
    }

    [Fact]
    public void EffectiveNamespaces_EmptyList_MeansOneClusterWideScope()
    {
        Assert.Equal([null], new OperatorOptions().EffectiveNamespaces);
        Assert.Equal(["a", "b"], new OperatorOptions { WatchNamespaces = ["a", "b", "a"] }.EffectiveNamespaces);
    }

    [Fact]
    public void Validate_LeaseTimingsOutOfOrder_IsRejected()
    {
        var results = Validate(new OperatorOptions { LeaseDuration = TimeSpan.FromSeconds(5), RenewDeadline = TimeSpan.FromSeconds(10) });
        Assert.Contains(results, r => r.MemberNames.Contains(nameof(OperatorOptions.LeaseDuration)));
    }

    [Theory]
    [InlineData(nameof(OperatorOptions.WatchNamespaces))]
    [InlineData(nameof(OperatorOptions.Workers))]
    [InlineData(nameof(OperatorOptions.ReconcileBackoffBase))]
    [InlineData(nameof(OperatorOptions.LeaseName))]
    public void Validate_BadValue_NamesTheSetting(string setting)
    {
        var options = new OperatorOptions();
        switch (setting)
        {
            case nameof(OperatorOptions.WatchNamespaces): options.WatchNamespaces = ["ok", " "]; break;
            case nameof(OperatorOptions.Workers): options.Workers = 0; break;
            case nameof(OperatorOptions.ReconcileBackoffBase): options.ReconcileBackoffBase = TimeSpan.FromMinutes(10); break;
            default: options.LeaseName = "Not_A_Name"; break;
        }

        Assert.Contains(Validate(options), r => r.MemberNames.Contains(setting));
    }
}
