namespace K8sNotify.Dispatcher.Api;

/// <summary>Why a bulk body was refused while it was being read.</summary>
public enum BulkRefusal
{
    TooLarge,
    TooManyItems,
}
