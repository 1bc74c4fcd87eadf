using DocAxis.Contracts.V1;
using Google.Protobuf;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>Random damage to a submission's messages, at the byte level and at the protobuf level.</summary>
public static class Mutator
{
    private static readonly string[] Kinds =
    [
        "flip bits in the header", "flip bits in a chunk", "truncate a message", "truncate the stream", "drop a message",
        "repeat a message", "swap two messages", "shuffle the chunks", "re-chunk the attachments", "swap manifest and signature",
        "repeat a field inside the manifest", "change the header's envelope id", "append garbage to a message",
    ];

    /// <summary>Returns which kind of damage was done, and the damaged messages.</summary>
    public static string Mutate(IReadOnlyList<byte[]> messages, Random random, out List<byte[]> mutated)
    {
        mutated = [.. messages.Select(m => (byte[])m.Clone())];
        var kind = Kinds[random.Next(Kinds.Length)];
        var any = random.Next(mutated.Count);
        switch (kind)
        {
            case "flip bits in the header":
                Flip(mutated[0], random);
                break;
            case "flip bits in a chunk":
                Flip(mutated[1 + random.Next(mutated.Count - 1)], random);
                break;
            case "truncate a message":
                mutated[any] = mutated[any][..random.Next(mutated[any].Length)];
                break;
            case "truncate the stream":
                mutated = mutated[..random.Next(mutated.Count)];
                break;
            case "drop a message":
                mutated.RemoveAt(any);
                break;
            case "repeat a message":
                mutated.Insert(any, mutated[any]);
                break;
            case "swap two messages":
                var other = random.Next(mutated.Count);
                (mutated[any], mutated[other]) = (mutated[other], mutated[any]);
                break;
            case "shuffle the chunks":
                mutated = [mutated[0], .. mutated.Skip(1).OrderBy(_ => random.Next())];
                break;
            case "re-chunk the attachments":
                mutated = Rechunk(mutated, random);
                break;
            case "swap manifest and signature":
                mutated[0] = EditHeader(mutated[0], h => (h.SignedManifest.Manifest, h.SignedManifest.Signature) = (h.SignedManifest.Signature, h.SignedManifest.Manifest));
                break;
            case "repeat a field inside the manifest":
                mutated[0] = EditHeader(mutated[0], h =>
                {
                    // A second subject field: parsers keep the last one, but the signed bytes are no longer what was signed.
                    var extra = new Manifest { Subject = "V/v nội dung chen vào" }.ToByteString();
                    h.SignedManifest.Manifest = h.SignedManifest.Manifest.Concat(extra).ToArray() is var joined ? ByteString.CopyFrom(joined) : h.SignedManifest.Manifest;
                });
                break;
            case "change the header's envelope id":
                mutated[0] = EditHeader(mutated[0], h => h.EnvelopeId = Guid.NewGuid().ToString());
                break;
            case "append garbage to a message":
                mutated[any] = [.. mutated[any], .. Enumerable.Range(0, 1 + random.Next(8)).Select(_ => (byte)random.Next(256))];
                break;
        }

        return kind;
    }

    private static void Flip(byte[] message, Random random)
    {
        for (var i = 1 + random.Next(3); i > 0 && message.Length > 0; i--)
        {
            message[random.Next(message.Length)] ^= (byte)(1 << random.Next(8));
        }
    }

    private static byte[] EditHeader(byte[] message, Action<SubmissionHeader> edit)
    {
        var request = SubmitRequest.Parser.ParseFrom(message);
        edit(request.Header);
        return request.ToByteArray();
    }

    /// <summary>The same content in other chunk sizes: a different stream that must still be accepted.</summary>
    private static List<byte[]> Rechunk(List<byte[]> messages, Random random)
    {
        var chunks = messages.Skip(1).Select(m => SubmitRequest.Parser.ParseFrom(m).Chunk).ToList();
        var result = new List<byte[]> { messages[0] };
        foreach (var group in chunks.GroupBy(c => c.AttachmentIndex))
        {
            var content = group.SelectMany(c => c.Data.ToByteArray()).ToArray();
            var size = 1 + random.Next(20_000);
            result.AddRange(content.Chunk(size).Select(piece =>
                new SubmitRequest { Chunk = new AttachmentChunk { AttachmentIndex = group.Key, Data = ByteString.CopyFrom(piece) } }.ToByteArray()));
        }

        return result;
    }
}
