using k8s.Models;
using K8sNotify.Api.V1Alpha1;
using K8sNotify.Operator.Conditions;
using K8sNotify.Operator.Validation;

namespace K8sNotify.Operator.Tests.Controllers;

/// <summary>The Template and Provider controllers against the fake API server.</summary>
public sealed class ProviderReconcilerTests
{
    private const string Ns = "shop";

    [Fact]
    public async Task SecretKeyMissing_ProviderStalledThenReadyWhenKeyAdded()
    {
        await using var op = await ChannelOperator.StartAsync();
        var set = ChannelOperator.Shop();
        set.Secrets[0].StringData.Remove("password");
        op.Apply(set);

        await ChannelOperator.Until(() => StatusConditions.Find(op.Api.Get<Provider>(Ns, "mail-relay")?.Status, ConditionTypes.Ready)?.Reason == ReferenceProblem.SecretKeyNotFound, "Provider SecretKeyNotFound");
        await ChannelOperator.Until(() => ChannelOperator.ReadyReason(op.Channel(Ns, "orders-email")) == ReferenceProblem.SecretKeyNotFound, "Channel SecretKeyNotFound");

        var secret = op.Api.Get<V1Secret>(Ns, "smtp-credentials")!;
        secret.Data["password"] = "x"u8.ToArray();
        op.Api.Put(secret);

        await ChannelOperator.Until(() => StatusConditions.IsReady(op.Api.Get<Provider>(Ns, "mail-relay")?.Status, 1), "Provider Ready");
        await op.WaitReadyAsync(Ns, "orders-email");
    }

    [Fact]
    public async Task TemplateDoesNotParse_TemplateStalledWithLocale()
    {
        await using var op = await ChannelOperator.StartAsync();
        var set = ChannelOperator.Shop();
        set.Templates[0].Spec.Locales["de"].Text = "Hallo {% if vip %}";
        op.Apply(set);

        await ChannelOperator.Until(() => StatusConditions.Find(op.Api.Get<Template>(Ns, "order-confirmation")?.Status, ConditionTypes.Stalled)?.Status == "True", "Template Stalled");
        var ready = StatusConditions.Find(op.Api.Get<Template>(Ns, "order-confirmation")!.Status, ConditionTypes.Ready)!;
        Assert.Equal(ReferenceProblem.InvalidSpec, ready.Reason);
        Assert.Contains("locales.de.text", ready.Message, StringComparison.Ordinal);
        await ChannelOperator.Until(() => op.Api.List<Corev1Event>(Ns).Any(e => e.InvolvedObject.Name == "order-confirmation" && e.Type == "Warning" && e.Reason == ReferenceProblem.InvalidSpec), "Warning event on the Template");
    }
}
