using K8sNotify.Dispatcher;
using K8sNotify.Dispatcher.Cli;
using K8sNotify.Dispatcher.Configuration;
using Microsoft.Extensions.Options;

if (args is ["publish", .. var publishArgs])
{
    return await PublishCommand.RunAsync(publishArgs, Console.Out, Console.Error).ConfigureAwait(false);
}

if (args is ["status", .. var statusArgs])
{
    return await StatusCommand.RunAsync(statusArgs, Console.Out, Console.Error).ConfigureAwait(false);
}

if (args is ["help" or "--help" or "-h", ..])
{
    Console.Out.Write(Usage.Text);
    return 0;
}

try
{
    var app = DispatcherHost.Build(DispatcherHost.CreateBuilder(args));
    await app.RunAsync().ConfigureAwait(false);
    return 0;
}
catch (OptionsValidationException e)
{
    await Console.Error.WriteLineAsync($"k8snotify-dispatcher: {string.Join("; ", e.Failures)}\n\n{Usage.Text}").ConfigureAwait(false);
    return 2;
}
catch (ConfigurationException e)
{
    await Console.Error.WriteLineAsync($"k8snotify-dispatcher: {e.Message}").ConfigureAwait(false);
    return 2;
}
