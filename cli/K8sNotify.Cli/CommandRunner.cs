using System.CommandLine;
using System.Text.Json;
using k8s.Autorest;
using k8s.Exceptions;
using K8sNotify.Api.Manifests;
using NATS.Client.Core;

namespace K8sNotify.Cli;

/// <summary>
/// Runs a command's action and turns every failure into one line on stderr and an exit code: a tool for people prints
/// what went wrong and what to do, never a stack trace.
/// </summary>
internal static class CommandRunner
{
    /// <summary>Sets the action of <paramref name="command"/>; <paramref name="action"/> gets the parse result, stdout and stderr.</summary>
    public static void SetAction(Command command, Func<ParseResult, CommandOutput, CancellationToken, Task<int>> action)
    {
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var output = new CommandOutput(parsed.InvocationConfiguration.Output, parsed.InvocationConfiguration.Error, Prefix(command));
            try
            {
                return await action(parsed, output, cancellationToken).ConfigureAwait(false);
            }
            catch (CliException e)
            {
                await output.FailAsync(e.Message).ConfigureAwait(false);
                return e.ExitCode;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                await output.FailAsync("interrupted").ConfigureAwait(false);
                return ExitCodes.Error;
            }
            catch (Exception e) when (Describe(e) is { } message)
            {
                await output.FailAsync(message).ConfigureAwait(false);
                return ExitCodes.Error;
            }
        });
    }

    private static string Prefix(Command command) => K8sNotify.Dispatcher.Cli.CommandInvoker.PathOf(command);

    // Known failures get their own words; anything else its type and message, still without a trace.
    private static string? Describe(Exception e) => e switch
    {
        ManifestException => e.Message,
        HttpOperationException http => $"API server answered {(int)http.Response.StatusCode} {http.Response.ReasonPhrase}{ReasonOf(http)}",
        HttpRequestException => $"cannot reach the API server: {e.Message}",
        KubeConfigException => $"kubeconfig: {e.Message}",
        NatsException => $"NATS: {e.Message}",
        IOException or UnauthorizedAccessException => e.Message,
        JsonException => $"invalid JSON: {e.Message}",
        _ => $"unexpected {e.GetType().Name}: {e.Message}",
    };

    private static string ReasonOf(HttpOperationException e) =>
        e.Response.Content is { Length: > 0 } content && TryMessage(content) is { } message ? $": {message}" : "";

    private static string? TryMessage(string content)
    {
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
