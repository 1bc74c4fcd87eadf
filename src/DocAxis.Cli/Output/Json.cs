using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Google.Protobuf;

namespace DocAxis.Cli.Output;

/// <summary>The machine-readable output every command offers with --json.</summary>
public static class Json
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = false,
    };

    private static readonly JsonFormatter Protobuf = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false).WithPreserveProtoFieldNames(true));

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    /// <summary>A protobuf message in its canonical JSON mapping, as a JSON element to embed.</summary>
    public static JsonElement Of(IMessage message) => JsonDocument.Parse(Protobuf.Format(message)).RootElement.Clone();

    public static void Write<T>(T value) => Console.Out.WriteLine(Serialize(value));
}
