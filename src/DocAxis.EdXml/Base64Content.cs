using System.Buffers;
using System.Xml;

namespace DocAxis.EdXml;

/// <summary>
/// An element's base64 text decoded as XmlReader hands it out in chunks of characters, with the
/// runtime's vectorized decoder: XmlReader's own base64 decoding goes a character at a time and was
/// the import's bottleneck. Whitespace (line-wrapped base64) is dropped; a group of four characters
/// split between chunks waits for the rest.
/// </summary>
internal sealed class Base64Content(XmlReader xml)
{
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(" \t\r\n");

    private readonly char[] _chars = new char[128 * 1024];
    private int _pending;
    private bool _started;
    private bool _ended;

    /// <summary>Decodes the next bytes into <paramref name="buffer"/>; 0 once the element has ended, the reader then past its end tag.</summary>
    /// <exception cref="FormatException">The text is not base64, or the element holds another element.</exception>
    public int Read(Span<byte> buffer)
    {
        if (_ended)
        {
            return 0;
        }

        if (!_started)
        {
            xml.Read();
            _started = true;
        }

        var produced = 0;
        while (true)
        {
            switch (xml.NodeType)
            {
                case XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace:
                    var room = Math.Min(_chars.Length, (buffer.Length - produced) / 3 * 4) - _pending;
                    if (room <= 0)
                    {
                        return produced;
                    }

                    var read = xml.ReadValueChunk(_chars, _pending, room);
                    if (read == 0)
                    {
                        xml.Read();
                        continue;
                    }

                    _pending += Strip(_chars.AsSpan(_pending, read));
                    produced += Decode(buffer[produced..]);
                    break;
                case XmlNodeType.EndElement:
                    if (_pending != 0)
                    {
                        throw new FormatException($"the base64 ends with {_pending} character(s) of an incomplete group of four.");
                    }

                    xml.Read();
                    _ended = true;
                    return produced;
                default:
                    throw new FormatException($"base64 content holds a {xml.NodeType} ({xml.Name}).");
            }
        }
    }

    /// <summary>Decodes the whole groups of four waiting and keeps the rest for the next chunk.</summary>
    private int Decode(Span<byte> output)
    {
        var whole = _pending / 4 * 4;
        if (!Convert.TryFromBase64Chars(_chars.AsSpan(0, whole), output, out var written))
        {
            throw new FormatException("a character is not base64, or padding stands in the middle.");
        }

        _chars.AsSpan(whole, _pending - whole).CopyTo(_chars);
        _pending -= whole;
        return written;
    }

    /// <summary>Removes whitespace in place; returns how many characters remain.</summary>
    private static int Strip(Span<char> chunk)
    {
        var first = chunk.IndexOfAny(Whitespace);
        if (first < 0)
        {
            return chunk.Length;
        }

        var kept = first;
        for (var i = first + 1; i < chunk.Length; i++)
        {
            if (!Whitespace.Contains(chunk[i]))
            {
                chunk[kept++] = chunk[i];
            }
        }

        return kept;
    }
}
