using K8sNotify.Dispatcher.Api;
using K8sNotify.Dispatcher.Api.Access;
using K8sNotify.Dispatcher.Contract;
using K8sNotify.Dispatcher.Http;
using K8sNotify.Dispatcher.Status;

namespace K8sNotify.Dispatcher.Receipts;

/// <summary>
/// The generic provider callback: a JSON receipt from a client signed in by the API's bearer scheme (and rate limited
/// like it) moves a notification of that client's namespaces from sent to delivered or undelivered; repeats are harmless.
/// </summary>
public sealed class GenericReceiptEndpoints(ApiChannels channels, ReceiptIntake intake) : IEndpointModule
{
    public const string Route = "/v1/receipts";
    public const string Source = "generic";

    /// <summary>Largest receipt body.</summary>
    public const int MaxBodyBytes = 16 * 1024;

    public void Map(IEndpointRouteBuilder endpoints) => endpoints.MapPost(Route, (Delegate)ReceiveAsync).RequireApiClient();

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var client = ApiClient.FromPrincipal(context.User) ?? throw new InvalidOperationException("the endpoint requires a signed-in API client");
        var (receipt, problem) = await RequestBody.ReadJsonAsync<GenericReceipt>(context, MaxBodyBytes, StatusJson.Options).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (Validate(receipt, out var parsed) is { Count: > 0 } errors)
        {
            return Problems.Invalid(errors);
        }

        var state = parsed!.Value;
        var incoming = new IncomingReceipt(
            Source,
            string.IsNullOrWhiteSpace(receipt!.Id) ? null : receipt.Id,
            state,
            state == NotificationState.Undelivered && !string.IsNullOrWhiteSpace(receipt.Reason) ? IncomingReceipt.Clean(receipt.Reason) : null,
            string.IsNullOrWhiteSpace(receipt.ProviderMessageId) ? null : receipt.ProviderMessageId,
            state == NotificationState.Undelivered && receipt.HardBounce == true);
        return await intake.RecordAsync(incoming, channels.In(client.Namespaces), unknownIsNotFound: true, context.RequestAborted).ConfigureAwait(false);
    }

    private static List<FieldError> Validate(GenericReceipt? receipt, out NotificationState? state)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(receipt?.Id) && string.IsNullOrWhiteSpace(receipt?.ProviderMessageId))
        {
            errors.Add(new FieldError("id", "missing field 'id' (the notification id) or 'providerMessageId'"));
        }
        else if (receipt!.Id is { } receiptId && !NotificationIds.IsValidNotificationId(receiptId))
        {
            errors.Add(new FieldError("id", $"field 'id' must be a notification id: {NotificationIds.Rule}, with ':' and the recipient index for bulk messages"));
        }
        else if (receipt.ProviderMessageId?.Length > IncomingReceipt.MaxFieldLength)
        {
            errors.Add(new FieldError("providerMessageId", $"field 'providerMessageId' is longer than {IncomingReceipt.MaxFieldLength} characters"));
        }

        state = receipt?.Status switch
        {
            "delivered" => NotificationState.Delivered,
            "undelivered" => NotificationState.Undelivered,
            _ => null,
        };
        if (state is null)
        {
            errors.Add(new FieldError("status", "field 'status' must be \"delivered\" or \"undelivered\""));
        }

        return errors;
    }
}
