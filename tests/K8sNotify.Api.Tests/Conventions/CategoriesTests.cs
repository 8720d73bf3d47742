using K8sNotify.Api.Conventions;
using K8sNotify.Api.V1Alpha1;

namespace K8sNotify.Api.Tests.Conventions;

public sealed class CategoriesTests
{
    [Theory]
    [InlineData(null, null, OptOutPolicy.Allowed)]
    [InlineData("marketing", null, OptOutPolicy.Allowed)]
    [InlineData("marketing", OptOutPolicy.Mandatory, OptOutPolicy.Mandatory)]
    [InlineData("transactional", null, OptOutPolicy.Mandatory)]
    [InlineData("security", OptOutPolicy.Allowed, OptOutPolicy.Mandatory)]
    public void EffectiveOptOut_CategoryAndPolicy_MandatoryCategoriesWin(string? category, OptOutPolicy? optOut, OptOutPolicy expected)
    {
        var spec = new TemplateSpec { Category = category, OptOut = optOut };

        Assert.Equal(expected, Categories.EffectiveOptOut(spec));
    }

    [Fact]
    public void Problem_TransactionalAllowed_NamesTheCategory()
    {
        Assert.Contains("transactional", Categories.Problem(new TemplateSpec { Category = "transactional", OptOut = OptOutPolicy.Allowed }), StringComparison.Ordinal);
        Assert.Null(Categories.Problem(new TemplateSpec { Category = "product", OptOut = OptOutPolicy.Allowed }));
    }
}
