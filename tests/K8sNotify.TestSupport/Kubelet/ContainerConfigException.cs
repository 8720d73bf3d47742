namespace K8sNotify.TestSupport.Kubelet;

/// <summary>A container cannot start as written (a referenced Secret, ConfigMap or key is missing): the kubelet's CreateContainerConfigError.</summary>
internal sealed class ContainerConfigException(string message) : Exception(message);
