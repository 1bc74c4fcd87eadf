using System.Globalization;
using System.Xml;
using System.Xml.Linq;
using DocAxis.Contracts.V1;
using static DocAxis.Core.Letters.HeaderLimits;
using static DocAxis.Core.Letters.ManifestRules;

namespace DocAxis.EdXml;

/// <summary>Reads and writes the MessageHeader of an edXML status message.</summary>
internal static class StatusMessageCodec
{
    public static StatusMessage Read(XElement header)
    {
        var message = new Fields(header, EdXmlNames.Header).Required(EdXmlNames.MessageHeader);
        if (message.Optional("StatusCode") is null)
        {
            throw PackageFaults.KindMismatch("The package is an edXML letter (its MessageHeader has no StatusCode); send it as a letter, not as a status.");
        }

        var code = message.Text("StatusCode", MaxShortValueLength, required: true);
        if (!StatusMessage.Codes.ContainsKey(code))
        {
            throw PackageFaults.Invalid($"{message.Path}/StatusCode", $"\"{code}\" is not an edXML status code ({string.Join(", ", StatusMessage.Codes.Keys)}).", message.Optional("StatusCode")?.Element);
        }

        var from = message.Required("From");
        var response = message.Required("ResponseFor");
        var stamp = message.Text("Timestamp", MaxTimestampLength, required: true);
        if (!EdXmlDates.TryParseTimestamp(stamp, out var timestamp))
        {
            throw PackageFaults.Invalid($"{message.Path}/Timestamp", $"\"{stamp}\" is not a time of the form yyyy/MM/dd HH:mm:ss.", message.Optional("Timestamp")?.Element);
        }

        return new StatusMessage
        {
            From = LetterHeaderReader.Organ(from),
            ResponseFor = new ResponseFor
            {
                OrganId = response.Text("OrganId", MaxWrittenCodeLength, required: true),
                Code = response.Text("Code", MaxWrittenCodeLength),
                PromulgationDate = EdXmlDates.ToManifest(response.Date("PromulgationDate")),
                DocumentId = response.Text("DocumentId", MaxDocumentIdLength, required: true),
            },
            Staff = message.Optional("StaffInfo") is { } staff ? LetterHeaderReader.Staff(staff) : new StaffInfo(),
            StatusCode = code,
            Description = message.Text("Description", MaxSummaryLength),
            Timestamp = timestamp,
        };
    }

    public static async Task WriteAsync(XmlWriter xml, StatusMessage status)
    {
        await LetterHeaderWriter.Start(xml, EdXmlNames.Header);
        await LetterHeaderWriter.Start(xml, EdXmlNames.MessageHeader);
        await LetterHeaderWriter.Organ(xml, "From", status.From);
        await LetterHeaderWriter.Start(xml, "ResponseFor");
        await LetterHeaderWriter.Leaf(xml, "OrganId", status.ResponseFor.OrganId);
        await LetterHeaderWriter.Leaf(xml, "Code", status.ResponseFor.Code);
        await LetterHeaderWriter.Leaf(xml, "PromulgationDate", EdXmlDates.ToPackage(status.ResponseFor.PromulgationDate));
        await LetterHeaderWriter.Leaf(xml, "DocumentId", status.ResponseFor.DocumentId);
        await LetterHeaderWriter.End(xml);
        await LetterHeaderWriter.Staff(xml, status.Staff);
        await LetterHeaderWriter.Leaf(xml, "StatusCode", status.StatusCode);
        await LetterHeaderWriter.Leaf(xml, "Description", status.Description);
        await LetterHeaderWriter.Leaf(xml, "Timestamp", status.Timestamp.ToString(EdXmlDates.TimestampFormat, CultureInfo.InvariantCulture));
        await LetterHeaderWriter.End(xml);
        await LetterHeaderWriter.End(xml);
    }
}
