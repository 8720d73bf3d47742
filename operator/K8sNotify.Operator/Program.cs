using K8sNotify.Operator.Commands;

return await OperatorCli.InvokeAsync(args, Console.Out, Console.Error).ConfigureAwait(false);
