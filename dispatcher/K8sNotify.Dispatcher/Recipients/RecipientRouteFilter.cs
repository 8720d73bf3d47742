using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Contract;

namespace K8sNotify.Dispatcher.Recipients;

/// <summary>Answers 400 for a route whose <c>{recipient}</c> is empty or longer than <see cref="MaxRecipientLength"/>.</summary>
public sealed class RecipientRouteFilter : IEndpointFilter
{
    public const int MaxRecipientLength = 320;

    /// <summary>True when <paramref name="recipient"/> is 1 to <see cref="MaxRecipientLength"/> characters and not blank.</summary>
    public static bool IsValid(string? recipient) => !string.IsNullOrWhiteSpace(recipient) && recipient.Length <= MaxRecipientLength;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (!IsValid(context.HttpContext.GetRouteValue("recipient") as string))
        {
            return Problems.Invalid([new FieldError("recipient", $"the recipient must be 1 to {MaxRecipientLength} characters")]);
        }

        return await next(context).ConfigureAwait(false);
    }
}
