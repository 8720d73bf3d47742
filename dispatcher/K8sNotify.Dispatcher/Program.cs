using K8sNotify.Dispatcher.Cli;

return await DispatcherCli.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
