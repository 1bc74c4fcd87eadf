using System.Globalization;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Signing;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace DocAxis.Benchmarks.Bench;

/// <summary>A letter signed before the timed phase, with its content made as it is sent.</summary>
public sealed record BenchLetter(string EnvelopeId, SignedManifest Signed, SyntheticContent Content)
{
    /// <summary>Signs <paramref name="count"/> letters of one attachment of <paramref name="size"/> bytes, on every core.</summary>
    public static BenchLetter[] SignMany(int count, long size, long firstSeed, LocalAgency sender, LocalAgency recipient, SigningCredential credential)
    {
        var letters = new BenchLetter[count];
        Parallel.For(0, count, i => letters[i] = Sign(new SyntheticContent(size, firstSeed + i), sender, recipient, credential));
        return letters;
    }

    public static BenchLetter Sign(SyntheticContent content, LocalAgency sender, LocalAgency recipient, SigningCredential credential)
    {
        var now = TimeProvider.System.GetUtcNow();
        var manifest = new Manifest
        {
            FormatVersion = 1,
            EnvelopeId = Core.Letters.EnvelopeId.New().ToString(),
            Sender = new AgencyRef { Code = sender.Code.Value, Name = sender.Name },
            Recipients = { new AgencyRef { Code = recipient.Code.Value, Name = recipient.Name } },
            Code = new DocumentCode { Number = "1", Notation = "BENCH" },
            IssueDate = now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            DocumentType = new DocumentType { Code = "CV", Name = "Công văn" },
            Subject = "V/v đo hiệu năng trục liên thông",
            Attachments =
            {
                new Contracts.V1.Attachment
                {
                    Name = "van-ban.pdf", MediaType = "application/pdf", Size = (ulong)content.Size, Sha256 = ByteString.CopyFrom(content.Sha256),
                },
            },
            CreatedAt = Timestamp.FromDateTimeOffset(now),
        };
        var bytes = manifest.ToByteArray();
        var signed = new SignedManifest
        {
            Manifest = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(DetachedSignature.Create(bytes, credential, now)),
        };
        return new BenchLetter(manifest.EnvelopeId, signed, content);
    }
}
