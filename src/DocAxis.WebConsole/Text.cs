namespace DocAxis.WebConsole;

/// <summary>
/// The console's words. Pages write them in Vietnamese, which is also the key: the default culture
/// shows the key, and Resources/Text.en.resx gives the English.
/// </summary>
public sealed class Text;
