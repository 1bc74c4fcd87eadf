using System.Text;
using System.Text.RegularExpressions;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Random damage to an edXML package, at the byte level and at the XML level, as a buggy DMS or an attacker would do it.</summary>
public static partial class PackageMutator
{
    private static readonly string[] Kinds =
    [
        "flip bytes", "truncate", "drop an element", "repeat an element", "junk in a value", "a number out of range",
        "a DTD", "corrupt base64", "another namespace", "rename an element", "garbage between elements", "another ContentId",
        "an over-long value", "an entity reference",
    ];

    public static string Mutate(string xml, Random random, out byte[] mutated)
    {
        var kind = Kinds[random.Next(Kinds.Length)];
        var text = xml;
        var elements = Element().Matches(text).ToList();
        var element = elements[random.Next(elements.Count)];
        switch (kind)
        {
            case "flip bytes":
                var bytes = Encoding.UTF8.GetBytes(text);
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                mutated = bytes;
                return kind;
            case "truncate":
                text = text[..random.Next(text.Length)];
                break;
            case "drop an element":
                text = text.Remove(element.Index, element.Length);
                break;
            case "repeat an element":
                text = text.Insert(element.Index, element.Value);
                break;
            case "junk in a value":
                text = text[..(element.Index + element.Groups["open"].Length)] + Junk(random) + text[(element.Index + element.Length - element.Groups["close"].Length)..];
                break;
            case "a number out of range":
                var numbers = Number().Matches(text).ToList();
                var number = numbers[random.Next(numbers.Count)];
                text = text[..number.Groups[2].Index] + random.Next(-5, 100).ToString(System.Globalization.CultureInfo.InvariantCulture) + text[(number.Groups[2].Index + number.Groups[2].Length)..];
                break;
            case "a DTD":
                text = text.Replace("?>", "?>\r\n<!DOCTYPE edXML [ <!ENTITY x SYSTEM \"file:///etc/passwd\"> ]>", StringComparison.Ordinal);
                break;
            case "corrupt base64":
                var at = text.IndexOf("ContentTransferEncoded", StringComparison.Ordinal) + 80 + random.Next(40);
                text = text[..at] + "!#%"[random.Next(3)] + text[(at + 1)..];
                break;
            case "another namespace":
                text = text.Replace("http://www.mic.gov.vn/TBT/QCVN_102_2016", "http://www.mic.gov.vn/TBT/QCVN_102_2015", StringComparison.Ordinal);
                break;
            case "rename an element":
                var name = element.Groups["name"].Value;
                text = text.Remove(element.Index, element.Length).Insert(element.Index, element.Value.Replace($"edXML:{name}>", $"edXML:{name}X>", StringComparison.Ordinal));
                break;
            case "garbage between elements":
                text = text.Insert(element.Index, Junk(random));
                break;
            case "another ContentId":
                text = text.Replace("<ContentId>cid:10", $"<ContentId>cid:{random.Next(100, 110)}", StringComparison.Ordinal);
                break;
            case "an over-long value":
                text = text[..(element.Index + element.Groups["open"].Length)] + new string('Ư', random.Next(10, 2000)) + text[(element.Index + element.Length - element.Groups["close"].Length)..];
                break;
            case "an entity reference":
                text = text.Insert(element.Index + element.Groups["open"].Length, "&lol;");
                break;
        }

        mutated = Encoding.UTF8.GetBytes(text);
        return kind;
    }

    private static string Junk(Random random)
    {
        const string alphabet = "<>&\"'/=abcĐưở0123 \r\n;]]>-";
        return new string([.. Enumerable.Range(0, random.Next(0, 30)).Select(_ => alphabet[random.Next(alphabet.Length)])]);
    }

    /// <summary>A leaf element with its text: open tag, value, close tag.</summary>
    [GeneratedRegex(@"(?<open><edXML:(?<name>\w+)>)(?<value>[^<]*)(?<close></edXML:\k<name>>)")]
    private static partial Regex Element();

    [GeneratedRegex(@"<edXML:(Priority|SteeringType|BussinessDocType|Paper|PageAmount|PromulgationAmount)>(\d+)<")]
    private static partial Regex Number();
}
