namespace K8sNotify.Dispatcher.Recipients;

/// <summary>The three outcomes of the recipient check.</summary>
public enum RecipientAction
{
    Send,
    Suppress,
    Wait,
}
