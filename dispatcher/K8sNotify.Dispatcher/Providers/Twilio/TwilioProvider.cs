using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using Twilio.Types;

namespace K8sNotify.Dispatcher.Providers.Twilio;

/// <summary>Sends SMS through Twilio Programmable Messaging (the Twilio package), from a number or a Messaging Service.</summary>
public sealed class TwilioProvider : INotificationProvider, IDisposable
{
    private readonly TwilioTransport _transport;
    private readonly TwilioRestClient _client;
    private readonly PhoneNumber? _from;
    private readonly string? _messagingServiceSid;
    private readonly Uri? _statusCallback;

    internal TwilioProvider(string name, TwilioTransport transport, string accountSid, string authToken, string? from, string? messagingServiceSid, Uri? statusCallback)
    {
        Name = name;
        _transport = transport;
        _client = new TwilioRestClient(accountSid, authToken, httpClient: transport) { LogLevel = null };
        _from = from is null ? null : new PhoneNumber(from);
        _messagingServiceSid = messagingServiceSid;
        _statusCallback = statusCallback;
    }

    public string Name { get; }

    public async Task<DeliveryResult> SendAsync(RenderedNotification notification, CancellationToken cancellationToken)
    {
        var text = string.IsNullOrEmpty(notification.Text) ? notification.Body : notification.Text;
        if (string.IsNullOrEmpty(text))
        {
            return DeliveryResult.Permanent("the rendered SMS text is empty");
        }

        var options = new CreateMessageOptions(new PhoneNumber(notification.Recipient))
        {
            Body = text,
            From = _from,
            MessagingServiceSid = _messagingServiceSid,
            StatusCallback = _statusCallback is null ? null : TwilioCallbackUrl.For(_statusCallback, notification.NotificationId),
        };

        var call = TwilioTransport.Begin(cancellationToken);
        try
        {
            var message = await MessageResource.CreateAsync(options, _client).ConfigureAwait(false);
            return DeliveryResult.Accepted(message.Sid);
        }
        catch (ApiException e)
        {
            return TwilioErrors.Classify(e.Code, call.StatusCode ?? e.Status, call.RetryAfter);
        }
        catch (ApiConnectionException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (ApiConnectionException e)
        {
            // Never the library's message: it quotes the request URL. The inner exception type says enough.
            return DeliveryResult.Transient($"connection to Twilio failed ({e.InnerException?.GetType().Name ?? "no response"})");
        }
        catch (TwilioException e)
        {
            return call.StatusCode is { } status && status is >= 200 and < 300
                ? DeliveryResult.Transient($"unreadable Twilio response ({e.GetType().Name})")
                : TwilioErrors.Classify(0, call.StatusCode ?? 0, call.RetryAfter);
        }
    }

    public void Dispose() => _transport.Dispose();
}
