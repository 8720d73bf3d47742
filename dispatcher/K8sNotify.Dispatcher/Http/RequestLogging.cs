using System.Diagnostics;

namespace K8sNotify.Dispatcher.Http;

/// <summary>
/// Logs each HTTP request as method, path, status and duration, never the query string: a client that puts a token in
/// the URL (<c>?access_token=…</c>) must not find it in the log. ASP.NET Core's own request lines, which carry the full
/// URL, are filtered out in <see cref="DispatcherHost"/> for the same reason.
/// </summary>
public static class RequestLogging
{
    /// <summary>The logging category of ASP.NET Core's request start/finish lines (they include the query string).</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static IApplicationBuilder UseRequestLoggingWithoutQuery(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RequestLogging).FullName!);
        return app.Use(async (context, next) =>
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                await next(context).ConfigureAwait(false);
            }
            finally
            {
                logger.HttpRequestServed(context.Request.Method, context.Request.Path.Value ?? "", context.Response.StatusCode, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        });
    }
}
