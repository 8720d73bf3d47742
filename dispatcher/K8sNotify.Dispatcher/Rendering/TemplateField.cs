namespace K8sNotify.Dispatcher.Rendering;

/// <summary>The fields of a localized template; each is parsed once and cached per config version.</summary>
public enum TemplateField
{
    Subject,
    Text,
    Html,
    Title,
    Body,
    Data,
}
