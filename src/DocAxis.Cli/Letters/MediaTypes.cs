namespace DocAxis.Cli.Letters;

/// <summary>Media types for the file kinds agencies attach; anything else is sent as octet-stream.</summary>
internal static class MediaTypes
{
    public static string Guess(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".pdf" => "application/pdf",
        ".doc" => "application/msword",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xls" => "application/vnd.ms-excel",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".xml" => "application/xml",
        ".txt" => "text/plain",
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".tif" or ".tiff" => "image/tiff",
        ".zip" => "application/zip",
        _ => "application/octet-stream",
    };
}
