using System.Globalization;
using System.Xml;
using System.Xml.Linq;

namespace DocAxis.EdXml;

/// <summary>
/// Reads the children of one header element by their edXML names, with the limits the standard
/// sets, and refuses naming the element's path, line and column. Values are trimmed; an empty
/// element and an absent one read alike.
/// </summary>
internal sealed class Fields(XElement element, string path)
{
    public XElement Element => element;

    public string Path => path;

    public static XName Name(string local) => XName.Get(local, EdXmlNames.Namespace);

    public Fields? Optional(string name)
    {
        var found = Single(name);
        return found is null ? null : new Fields(found, $"{path}/{name}");
    }

    public Fields Required(string name) =>
        Optional(name) ?? throw PackageFaults.Invalid($"{path}/{name}", "the element is required.", element);

    public IEnumerable<Fields> Many(string name, int max)
    {
        var found = element.Elements(Name(name)).ToList();
        if (found.Count > max)
        {
            throw PackageFaults.Invalid($"{path}/{name}", $"{found.Count} elements; at most {max} are allowed.", found[max]);
        }

        return found.Select((e, i) => new Fields(e, $"{path}/{name}[{i + 1}]"));
    }

    public string Text(string name, int maxLength, bool required = false)
    {
        var found = Single(name);
        var value = found?.Value.Trim() ?? string.Empty;
        if (required && value.Length == 0)
        {
            throw PackageFaults.Invalid($"{path}/{name}", found is null ? "the element is required." : "the element is empty; a value is required.", found ?? element);
        }

        if (value.Length > maxLength)
        {
            throw PackageFaults.Invalid($"{path}/{name}", $"{value.Length} characters; at most {maxLength} are allowed.", found);
        }

        return value;
    }

    public IReadOnlyList<string> Texts(string name, int maxCount, int maxLength) =>
        [.. Many(name, maxCount).Select(f => OwnText(f, maxLength))];

    public uint Number(string name, uint max)
    {
        var text = Text(name, MaxScalarLength);
        if (text.Length == 0)
        {
            return 0;
        }

        return uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= max
            ? value
            : throw PackageFaults.Invalid($"{path}/{name}", $"\"{text}\" is not a whole number from 0 to {max}.", Single(name));
    }

    public DateOnly? Date(string name, bool required = false)
    {
        var text = Text(name, MaxScalarLength, required);
        if (text.Length == 0)
        {
            return null;
        }

        return EdXmlDates.TryParseDate(text, out var date)
            ? date
            : throw PackageFaults.Invalid($"{path}/{name}", $"\"{text}\" is not a date (yyyy/MM/dd, yyyy-MM-dd or dd/MM/yyyy).", Single(name));
    }

    private const int MaxScalarLength = 30;

    private static string OwnText(Fields field, int maxLength)
    {
        var value = field.Element.Value.Trim();
        return value.Length <= maxLength
            ? value
            : throw PackageFaults.Invalid(field.Path, $"{value.Length} characters; at most {maxLength} are allowed.", field.Element);
    }

    private XElement? Single(string name)
    {
        XElement? found = null;
        foreach (var child in element.Elements(Name(name)))
        {
            if (found is not null)
            {
                throw PackageFaults.Invalid($"{path}/{name}", "the element appears more than once.", child);
            }

            found = child;
        }

        return found;
    }
}
