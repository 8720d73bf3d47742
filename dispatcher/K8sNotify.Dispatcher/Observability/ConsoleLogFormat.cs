using K8sNotify.Api.Contract;

namespace K8sNotify.Dispatcher.Observability;

/// <summary>Selects the standard console formatter: JSON lines with scopes, or the readable text format.</summary>
internal static class ConsoleLogFormat
{
    public static void Configure(ILoggingBuilder logging, string? format)
    {
        if (LogFormats.IsJson(format))
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else
        {
            logging.AddSimpleConsole(o => o.IncludeScopes = true);
        }
    }
}
