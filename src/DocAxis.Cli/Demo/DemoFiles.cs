using System.Globalization;
using System.Text;

namespace DocAxis.Cli.Demo;

/// <summary>
/// Writes small but valid PDF files for the demo letter: one page of text, optionally followed by
/// an embedded binary stream that stands in for the image data of a scanned annex.
/// </summary>
internal static class DemoFiles
{
    public static void WritePdf(string path, string text, long paddingBytes)
    {
        using var file = File.Create(path);
        var offsets = new List<long>();
        void Object(string body)
        {
            offsets.Add(file.Position);
            Write(file, $"{offsets.Count} 0 obj\n{body}\nendobj\n");
        }

        Write(file, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        Object("<< /Type /Catalog /Pages 2 0 R >>");
        Object("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        Object("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>");
        var content = $"BT /F1 14 Tf 56 780 Td ({Ascii(text)}) Tj ET";
        Object($"<< /Length {content.Length} >>\nstream\n{content}\nendstream");
        Object("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
        if (paddingBytes > 0)
        {
            offsets.Add(file.Position);
            Write(file, $"{offsets.Count} 0 obj\n<< /Length {paddingBytes} >>\nstream\n");
            var buffer = new byte[64 * 1024];
            var random = new Random(42);
            for (var left = paddingBytes; left > 0; left -= buffer.Length)
            {
                random.NextBytes(buffer);
                file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
            }

            Write(file, "\nendstream\nendobj\n");
        }

        var xref = file.Position;
        var table = new StringBuilder();
        table.Append(CultureInfo.InvariantCulture, $"xref\n0 {offsets.Count + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            table.Append(CultureInfo.InvariantCulture, $"{offset:D10} 00000 n \n");
        }

        table.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {offsets.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        Write(file, table.ToString());
    }

    private static void Write(Stream stream, string text) => stream.Write(Encoding.Latin1.GetBytes(text));

    /// <summary>The standard PDF fonts have no Vietnamese glyphs; the demo page says it in plain ASCII.</summary>
    private static string Ascii(string text)
    {
        var plain = text.Normalize(NormalizationForm.FormD).Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark);
        return new string([.. plain.Select(c => c switch { 'đ' => 'd', 'Đ' => 'D', '(' or ')' or '\\' => ' ', _ => c < 128 ? c : '?' })]);
    }
}
