using K8sNotify.Cli;

return await K8sNotifyCli.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
