using System.Security.Cryptography;
using CsCheck;
using DocAxis.Contracts.V1;
using Google.Protobuf;

namespace DocAxis.Testing;

/// <summary>
/// Manifests as edXML can carry them: Vietnamese text with XML's special characters, fields empty
/// or at their limits, many recipients and attachments, older agency codes.
/// </summary>
public static class GeneratedPackages
{
    private const string Letters = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯàảãạáằẳẵặắầẩẫậấèẻẽẹéềểễệếìỉĩịíòỏõọóồổỗộốờởỡợớùủũụúừửữựứỳỷỹỵýĐ0123456789";
    private const string Extra = " ,./-:;()<>&\"'\n\t%#";

    private static readonly Gen<char> Character = Gen.Frequency((8, Gen.Char[Letters]), (2, Gen.Char[Extra]));

    public static Gen<string> Text(int max) =>
        Gen.Frequency((2, Gen.Const(0)), (1, Gen.Const(max)), (5, Gen.Int[1, Math.Min(max, 60)]))
            .SelectMany(length => Gen.String[Character, length, length])
            .Select(s => Fit(s, max));

    public static Gen<string> Required(int max) => Text(max).Select(s => s.Length == 0 ? "Đ" : s);

    public static readonly Gen<string> AgencyCode = Gen.OneOf(
        Gen.Select(Gen.Int[0, 999], Gen.Int[0, 99], Gen.Int[0, 99], Gen.Char['A', 'Z'], Gen.Int[0, 99], (a, b, c, x, n) => $"{a:000}.{b:00}.{c:00}.{x}{n:00}"),
        Gen.Select(Gen.Int[0, 99], Gen.Int[0, 99], Gen.Char['A', 'Z'], Gen.Int[0, 99], (a, b, x, n) => $"{a:00}.{b:00}.{x}{n:00}"));

    private static readonly Gen<string> IsoDate = Gen.Date[new DateTime(1990, 1, 1), new DateTime(2099, 12, 31)].Select(d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));

    private static readonly Gen<AgencyRef> Organ = Gen.Select(AgencyCode, Text(255), Text(255), Text(255), Text(255), Text(255), Gen.Select(Text(255), Text(255)),
        (code, charge, name, address, email, phone, rest) => new AgencyRef
        {
            Code = code, OrganizationInCharge = charge, Name = name, Address = address, Email = email, Telephone = phone, Fax = rest.Item1, Website = rest.Item2,
        });

    private static readonly Gen<StaffInfo> Staff = Gen.Select(Text(255), Text(100), Text(255), Text(255),
        (department, staff, mobile, email) => new StaffInfo { Department = department, Staff = staff, Mobile = mobile, Email = email });

    private static readonly Gen<BusinessInfo> Business = Gen.Select(
        Text(100), Gen.UInt[0, 1], Staff,
        Gen.Null(Gen.Select(Text(10), Text(10), Gen.Select(AgencyCode, Text(10), (o, t) => new BusinessReceiver { OrganId = o, ReceiverType = t }).List[0, 5],
            (info, receiver, receivers) => new BusinessDocumentInfo { DocumentInfo = info, DocumentReceiver = receiver, Receivers = { receivers } })),
        Gen.Select(Text(100), AgencyCode.List[0, 4], (id, organs) => new ReplacementInfo { DocumentId = id, OrganIds = { organs } }).List[0, 3],
        (id, paper, staff, info, replacements) =>
        {
            var business = new BusinessInfo { DocumentId = id, Paper = paper, Staff = staff, DocumentInfo = info };
            business.Replacements.Add(replacements);
            return business;
        });

    private static readonly Gen<OtherInfo> Other = Gen.Select(Text(255), Text(255), Gen.UInt, Gen.UInt, Gen.OneOf(Gen.Const(""), Gen.Const("true"), Gen.Const("false")), Text(500).List[0, 4],
        (sphere, typer, amount, pages, direction, appendixes) => new OtherInfo
        {
            SphereOfPromulgation = sphere, TyperNotation = typer, PromulgationAmount = amount, PageAmount = pages, Direction = direction, Appendixes = { appendixes },
        });

    private static readonly Gen<ResponseFor> Response = Gen.Select(AgencyCode, Text(50), Gen.OneOf(Gen.Const(""), IsoDate), Text(100),
        (organ, code, date, id) => new ResponseFor { OrganId = organ, Code = code, PromulgationDate = date, DocumentId = id });

    private static readonly Gen<PackageSignature?> Signature = Gen.Null(Gen.Byte.Array[1, 300].Select(b => new PackageSignature
    {
        Element = ByteString.CopyFromUtf8($"<Signature xmlns=\"http://www.w3.org/2000/09/xmldsig#\"><SignatureValue>{Convert.ToBase64String(b)}</SignatureValue></Signature>"),
    }));

    /// <summary>A manifest and its attachments' content; sizes and digests are those of the content.</summary>
    public static readonly Gen<(Manifest Manifest, byte[][] Contents)> Letter =
        Gen.Select(
            Gen.Select(Organ, Organ.List[1, 120], Text(100), Required(11), Text(30), Text(50), IsoDate),
            Gen.Select(Text(10), Text(10), Text(100), Required(500), Text(500), Gen.Select(Text(100), Text(100), Text(100)), Gen.OneOf(Gen.Const(""), IsoDate)),
            Gen.Select(Text(255).List[0, 5], Other, Response.List[0, 3], Gen.UInt[0, 2], Gen.Select(AgencyCode, Text(30), (o, t) => new TraceHeader { OrganId = o, Timestamp = t }).List[0, 3]),
            Gen.Select(Gen.Int[0, 4], Gen.Int[0, 3], Text(500), Business, Signature),
            Gen.Select(Text(255), Text(127), Text(500), Gen.Byte.Array[0, 3000]).List[0, 12],
            (a, b, c, d, files) =>
            {
                var manifest = new Manifest
                {
                    Sender = a.Item1, Recipients = { a.Item2 }, DocumentId = a.Item3, Code = new DocumentCode { Number = a.Item4, Notation = a.Item5 },
                    IssuePlace = a.Item6, IssueDate = a.Item7,
                    DocumentType = new DocumentType { Category = b.Item1, Code = b.Item2, Name = b.Item3 }, Subject = b.Item4, Summary = b.Item5,
                    Signer = new SignerInfo { Competence = b.Item6.Item1, Position = b.Item6.Item2, FullName = b.Item6.Item3 }, DueDate = b.Item7,
                    ToPlaces = { c.Item1 }, OtherInfo = c.Item2, ResponseFor = { c.Item3 }, SteeringType = c.Item4, TraceHeaders = { c.Item5 },
                    Urgency = (Urgency)d.Item1, BusinessType = (BusinessType)d.Item2, BusinessReason = d.Item3, Business = d.Item4, PackageSignature = d.Item5,
                };
                manifest.Attachments.Add(files.Select((f, i) => new Attachment
                {
                    ContentId = $"cid:{i + 1}-{f.Item1.Length}", Name = f.Item1, MediaType = f.Item2, Description = f.Item3,
                    Size = (ulong)f.Item4.Length, Sha256 = ByteString.CopyFrom(SHA256.HashData(f.Item4)),
                }));
                return (manifest, files.Select(f => f.Item4).ToArray());
            });

    /// <summary>
    /// A generated letter made one that the axis carries from <paramref name="sender"/> to
    /// <paramref name="recipients"/>: named, non-empty attachments, no due date before the issue date,
    /// a new letter rather than an amendment.
    /// </summary>
    public static (Manifest Manifest, byte[][] Contents) Deliverable((Manifest Manifest, byte[][] Contents) letter, string sender, IReadOnlyList<string> recipients)
    {
        var manifest = letter.Manifest.Clone();
        manifest.Sender.Code = sender;
        manifest.Recipients.Clear();
        manifest.Recipients.Add(recipients.Select((code, i) => letter.Manifest.Recipients[i % letter.Manifest.Recipients.Count].Clone()).Select((r, i) =>
        {
            r.Code = recipients[i];
            return r;
        }));
        manifest.DueDate = string.Empty;
        manifest.BusinessType = BusinessType.New;
        var contents = letter.Contents.Select(c => c.Length == 0 ? new byte[] { 0x25 } : c).ToArray();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < manifest.Attachments.Count; i++)
        {
            var attachment = manifest.Attachments[i];
            if (attachment.Name.Length == 0 || attachment.Name is "." or ".." || attachment.Name.Any(c => c is '/' or '\\' || char.IsControl(c)))
            {
                attachment.Name = $"tep-dinh-kem-{i + 1}.pdf";
            }

            if (!names.Add(attachment.Name))
            {
                attachment.Name = $"{i + 1}-{attachment.Name}"[..Math.Min(255, attachment.Name.Length + 4)].Trim();
                names.Add(attachment.Name);
            }

            if (!System.Text.RegularExpressions.Regex.IsMatch(attachment.MediaType, @"\A[a-z]+/[a-z0-9.+-]+\z"))
            {
                attachment.MediaType = i % 2 == 0 ? "application/pdf" : "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
            }

            attachment.Size = (ulong)contents[i].Length;
            attachment.Sha256 = ByteString.CopyFrom(SHA256.HashData(contents[i]));
        }

        return (manifest, contents);
    }

    /// <summary>Trimmed as readers trim, cut to the limit, without the carriage returns XML turns into line feeds.</summary>
    private static string Fit(string text, int max)
    {
        var value = text.Replace('\r', ' ').Trim();
        return value.Length <= max ? value : value[..max].Trim();
    }
}
