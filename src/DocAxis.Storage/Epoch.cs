namespace DocAxis.Storage;

/// <summary>Times are stored as Unix epoch milliseconds (UTC) so every provider compares them the same way.</summary>
public static class Epoch
{
    public static long ToMs(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? ToMs(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMs(long value) => DateTimeOffset.FromUnixTimeMilliseconds(value);

    public static DateTimeOffset? FromMs(long? value) => value is { } ms ? FromMs(ms) : null;
}
