using System.Globalization;
using System.Security.Cryptography;
using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Core.Letters;
using DocAxis.Crypto.Pki;
using DocAxis.Crypto.Signing;
using DocAxis.Transport.Streaming;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Letters for tests: drafts for a DMS, and signed submissions made the way a node makes them.</summary>
public static class TestLetters
{
    public static Manifest Draft(IEnumerable<LocalAgency> recipients, params string[] attachmentNames) => new()
    {
        Recipients = { recipients.Select(r => new AgencyRef { Code = r.Code.Value, Name = r.Name }) },
        Code = new DocumentCode { Number = "45", Notation = "TEST" },
        IssueDate = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DocumentType = new DocumentType { Code = "CV", Name = "Công văn" },
        Subject = "V/v kiểm thử liên thông",
        Attachments = { attachmentNames.Select(n => new Attachment { Name = n, MediaType = "application/pdf" }) },
    };

    /// <summary>A complete manifest with sizes and digests, as a node would sign it.</summary>
    public static Manifest Complete(LocalAgency sender, IEnumerable<LocalAgency> recipients, IReadOnlyList<byte[]> contents, string? subject = null)
    {
        var manifest = Draft(recipients, [.. contents.Select((_, i) => $"attachment-{i}.pdf")]);
        manifest.FormatVersion = 1;
        manifest.EnvelopeId = EnvelopeId.New().ToString();
        manifest.Sender = new AgencyRef { Code = sender.Code.Value, Name = sender.Name };
        manifest.CreatedAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow());
        if (subject is not null)
        {
            manifest.Subject = subject;
        }

        for (var i = 0; i < contents.Count; i++)
        {
            manifest.Attachments[i].Size = (ulong)contents[i].Length;
            manifest.Attachments[i].Sha256 = ByteString.CopyFrom(SHA256.HashData(contents[i]));
        }

        return manifest;
    }

    public static SignedManifest Sign(Manifest manifest, KeyFiles signingKey) => Sign(manifest, SigningCredential.Load(signingKey));

    public static SignedManifest Sign(Manifest manifest, SigningCredential credential)
    {
        var bytes = manifest.ToByteArray();
        return new SignedManifest
        {
            Manifest = ByteString.CopyFrom(bytes),
            Signature = ByteString.CopyFrom(DetachedSignature.Create(bytes, credential, TimeProvider.System.GetUtcNow())),
        };
    }

    /// <summary>Submits straight to the hub's SubmissionService, as a node does.</summary>
    public static async Task<SignedAcceptance> SubmitAsync(GrpcChannel hub, string envelopeId, SignedManifest signed, IReadOnlyList<byte[]> contents)
    {
        using var call = new SubmissionService.SubmissionServiceClient(hub).Submit();
        return await ClientStreamingCalls.SendAsync(call, async requests =>
        {
            await requests.WriteAsync(new SubmitRequest { Header = new SubmissionHeader { EnvelopeId = envelopeId, SignedManifest = signed } });
            for (var i = 0; i < contents.Count; i++)
            {
                foreach (var chunk in contents[i].Chunk(ChunkStreams.ChunkSize))
                {
                    await requests.WriteAsync(new SubmitRequest { Chunk = new AttachmentChunk { AttachmentIndex = (uint)i, Data = ByteString.CopyFrom(chunk) } });
                }
            }
        });
    }

    public static byte[] Content(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static string WriteFile(string folder, string name, byte[] content)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, content);
        return path;
    }
}
